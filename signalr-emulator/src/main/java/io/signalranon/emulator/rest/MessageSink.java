package io.signalranon.emulator.rest;

import java.time.Instant;

/** Where accepted messages go. Called concurrently from request threads. */
@FunctionalInterface
public interface MessageSink {

    /** Records a message the data plane accepted (answered 202). */
    void accepted(RestRoute route, MessageBody body, Instant receivedAt);
}
