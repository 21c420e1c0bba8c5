package io.signalranon.dispatcher.message;

import io.signalranon.client.SendOutcome;
import java.util.Objects;

/**
 * The final outcome of sending one message, after retries.
 *
 * @param message the message
 * @param outcome the outcome of the last attempt
 * @param attempts how many attempts were made (at least 1)
 */
public record DeliveryResult(OutgoingMessage message, SendOutcome outcome, int attempts) {

    public DeliveryResult {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
    }

    public boolean delivered() {
        return outcome.delivered();
    }
}
