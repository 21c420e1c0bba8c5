package io.signalranon.dispatcher.offer;

import java.util.Objects;
import java.util.UUID;

/**
 * One user's message, ready to send to the SignalR user target.
 * @param messageId the deterministic message id (see {@link OfferMessageComposer#messageId})
 * @param userId the SignalR user id the message goes to
 * @param body the JSON request body: {@code {"target": ..., "arguments": [{...}]}}
 */
public record OfferMessage(UUID messageId, String userId, String body) {

    public OfferMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(body, "body");
    }
}
