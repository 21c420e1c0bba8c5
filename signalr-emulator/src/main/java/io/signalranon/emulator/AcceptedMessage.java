package io.signalranon.emulator;

import io.signalranon.client.ApiVersion;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message the emulator accepted (answered 202).
 *
 * @param hub the hub, as in the path
 * @param userId the target user of a send to a user, else {@code null}
 * @param group the target group of a send to a group, else {@code null}; both {@code null} for a broadcast
 * @param target the client method name
 * @param argumentsJson the {@code arguments} array exactly as sent
 * @param receivedAt when the emulator accepted it
 * @param apiVersion the API version of the path used
 */
public record AcceptedMessage(
        String hub,
        @Nullable String userId,
        @Nullable String group,
        String target,
        String argumentsJson,
        Instant receivedAt,
        ApiVersion apiVersion) {

    public AcceptedMessage {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }

    /** Whether this message was sent to {@code userId} on {@code hub} (hub names compared without case, as the service does). */
    public boolean isForUser(String hub, String userId) {
        return userId.equals(this.userId) && hub.equalsIgnoreCase(this.hub);
    }
}
