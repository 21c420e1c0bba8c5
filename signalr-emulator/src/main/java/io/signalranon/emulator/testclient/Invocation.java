package io.signalranon.emulator.testclient;

import java.util.Objects;

/**
 * An invocation record a {@link HubClient} received.
 *
 * @param target the client method, as the server wrote it
 * @param argumentsJson the {@code arguments} array as JSON text
 */
public record Invocation(String target, String argumentsJson) {

    public Invocation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
