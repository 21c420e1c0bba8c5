package io.signalranon.dispatcher.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message ready to send to one SignalR user.
 *
 * @param userId the SignalR user id
 * @param messageId the deterministic message id carried inside the body
 * @param body the JSON body of the REST send
 * @param offerIds the offers the message carries (for frequency caps), possibly empty
 * @param expiresAt when the last of its offers ends ({@code validTo}), or {@code null} if never
 */
public record OutgoingMessage(
        String userId,
        String messageId,
        String body,
        List<String> offerIds,
        @Nullable Instant expiresAt) {

    public OutgoingMessage {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        offerIds = List.copyOf(offerIds);
    }
}
