package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;

/** Sends one message body to one SignalR user, once; retrying is the caller's concern. */
@FunctionalInterface
public interface MessageTransport {

    /** One attempt to send {@code jsonBody} to {@code userId}. Never throws for HTTP or I/O failures. */
    SendOutcome send(String userId, String jsonBody);

    /**
     * One attempt, built ahead (what can be done before the request: the URL, the signed token); it
     * sends when {@linkplain Attempt#send() sent}, once, and sends nothing if dropped.
     */
    default Attempt prepare(String userId, String jsonBody) {
        return () -> send(userId, jsonBody);
    }

    /** What to check when the service refuses the sends with {@code status} (401 or 403). */
    default String rejectionHint(int status) {
        return "check the connection string's AccessKey and the hub name";
    }

    /** An attempt built by {@link #prepare}. */
    @FunctionalInterface
    interface Attempt {

        /** Makes the attempt's request. Never throws for HTTP or I/O failures. */
        SendOutcome send();
    }
}
