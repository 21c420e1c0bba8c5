package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;

/** Sends one message body to one SignalR user, once; retrying is the caller's concern. */
@FunctionalInterface
public interface MessageTransport {

    /** One attempt to send {@code jsonBody} to {@code userId}. Never throws for HTTP or I/O failures. */
    SendOutcome send(String userId, String jsonBody);
}
