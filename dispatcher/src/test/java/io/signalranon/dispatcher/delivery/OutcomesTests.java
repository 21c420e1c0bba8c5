package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesTests {

    @Test
    void describesTheFailuresByTheFirstOne() {
        // given
        ConcurrentSender.Outcomes outcomes = new ConcurrentSender.Outcomes(
                List.of(delivered("a", 1)), List.of(failed("b", 5, 503), failed("c", 1, 400)), List.of(), List.of());

        // when / then
        assertThat(outcomes.failures()).hasValue("2 of 3 sends failed (e.g. status 503: status 503)");
        assertThat(new ConcurrentSender.Outcomes(List.of(delivered("a", 1)), List.of(), List.of(), List.of())
                        .failures())
                .isEmpty();
    }

    private static DeliveryResult delivered(String user, int attempts) {
        return new DeliveryResult(
                message(user), new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, null, null), attempts);
    }

    private static DeliveryResult failed(String user, int attempts, int status) {
        return new DeliveryResult(
                message(user),
                new SendOutcome(SendOutcome.Kind.RETRYABLE, status, null, "status " + status, null),
                attempts);
    }

    private static OutgoingMessage message(String user) {
        return new OutgoingMessage(user, "id-" + user, "{}", List.of(), null);
    }
}
