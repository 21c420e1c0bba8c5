package io.signalranon.dispatcher.failure;

import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of FAILED_SEND: a message that was not delivered, as recorded.
 *
 * @param id the row id
 * @param jobExecutionId the dispatch execution that recorded it
 * @param message the message, unchanged (same body and message id)
 * @param status HTTP status of the last attempt, 0 for no response
 * @param errorCode the service's error code of the last attempt, or null
 * @param reason why the last attempt failed, or null
 * @param attempts attempts made so far
 * @param failedAt when the last attempt failed
 */
public record FailedSend(
        long id,
        long jobExecutionId,
        OutgoingMessage message,
        int status,
        String errorCode,
        String reason,
        int attempts,
        Instant failedAt) {

    public FailedSend {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    /** Whether every offer of the message has ended by {@code now}. */
    public boolean expiredAt(Instant now) {
        return message.expiresAt() != null && !message.expiresAt().isAfter(now);
    }
}
