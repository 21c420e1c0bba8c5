package io.signalranon.emulator.hub;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A connection negotiated but not yet (or no longer) attached to a socket.
 *
 * @param connectionId the public id, as negotiate returned it
 * @param connectionToken the secret id the socket must present
 * @param hub the hub, lower-cased
 * @param userId the user of the token, or {@code null} when it names none
 * @param negotiatedAt when negotiate answered
 */
public record PendingConnection(
        String connectionId,
        String connectionToken,
        String hub,
        @Nullable String userId,
        Instant negotiatedAt) {

    public PendingConnection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(connectionToken, "connectionToken");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(negotiatedAt, "negotiatedAt");
    }
}
