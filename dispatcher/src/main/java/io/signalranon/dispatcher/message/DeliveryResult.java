package io.signalranon.dispatcher.message;

import io.signalranon.client.SendOutcome;
import java.util.Objects;

/**
 * The final outcome of sending one message, after retries.
 *
 * @param message the message
 * @param outcome the outcome of the last attempt
 * @param attempts how many attempts were made (0 when it was given up before its first one)
 * @param throttled how many of them the service answered with 429 (0 to {@code attempts})
 */
public record DeliveryResult(OutgoingMessage message, SendOutcome outcome, int attempts, int throttled) {

    public DeliveryResult {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
        if (throttled < 0 || throttled > attempts) {
            throw new IllegalArgumentException("throttled must be 0 to attempts (" + attempts + "), got " + throttled);
        }
    }

    /** A result none of whose attempts was throttled. */
    public DeliveryResult(OutgoingMessage message, SendOutcome outcome, int attempts) {
        this(message, outcome, attempts, 0);
    }

    public boolean delivered() {
        return outcome.delivered();
    }
}
