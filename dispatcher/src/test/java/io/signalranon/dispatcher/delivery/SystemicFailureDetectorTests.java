package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemicFailureDetectorTests {

    private final SystemicFailureDetector detector =
            new SystemicFailureDetector(status -> "check the connection string's AccessKey and the hub name");

    private static DeliveryResult result(String user, Kind kind, int status) {
        return new DeliveryResult(
                new OutgoingMessage(user, "m-" + user, "{}", List.of(), null),
                new SendOutcome(kind, status, null, "reason " + status, null),
                1);
    }

    @Test
    void unauthorizedOnTheFirstSendsIsSystemic() {
        assertThatThrownBy(() -> detector.check(
                        List.of(), List.of(result("a", Kind.PERMANENT, 401), result("b", Kind.PERMANENT, 400))))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("AccessKey");
    }

    @Test
    void aFewRejectionsAfterDeliveriesArePerMessage() {
        detector.check(List.of(result("a", Kind.DELIVERED, 202)), List.of());

        assertThatCode(() -> detector.check(
                        List.of(), List.of(result("b", Kind.PERMANENT, 403), result("c", Kind.PERMANENT, 404))))
                .doesNotThrowAnyException();
    }

    @Test
    void aChunkRejectedEntirelyIsSystemicEvenAfterDeliveries() {
        detector.seedDelivered(10);

        assertThatThrownBy(() -> detector.check(
                        List.of(), List.of(result("b", Kind.PERMANENT, 401), result("c", Kind.PERMANENT, 401))))
                .isInstanceOf(SystemicDeliveryException.class);
    }

    @Test
    void aChunkWithNoResponseAtAllIsSystemic() {
        detector.seedDelivered(10);

        assertThatThrownBy(() -> detector.check(
                        List.of(), List.of(result("b", Kind.RETRYABLE, 0), result("c", Kind.RETRYABLE, 0))))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void aChunkWhereEverySendTimedOutIsSystemicLikeConnectionRefusals() {
        detector.seedDelivered(10);

        assertThatThrownBy(() -> detector.check(
                        List.of(),
                        List.of(
                                result("b", Kind.RETRYABLE, 0),
                                result("c", Kind.RETRYABLE, 504),
                                result("d", Kind.RETRYABLE, 408))))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("not answering");
    }

    @Test
    void mixedFailuresWithSomeDeliveredAreNotSystemic() {
        assertThatCode(() -> detector.check(
                        List.of(result("a", Kind.DELIVERED, 202)),
                        List.of(result("b", Kind.RETRYABLE, 0), result("c", Kind.PERMANENT, 401))))
                .doesNotThrowAnyException();
        assertThatCode(() -> detector.check(
                        List.of(), List.of(result("d", Kind.RETRYABLE, 429), result("e", Kind.RETRYABLE, 0))))
                .doesNotThrowAnyException();
    }
}
