package io.signalranon.dispatcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.RetryingSender;
import io.signalranon.dispatcher.delivery.SendObserver;
import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The send path's meters and attempt tally, fed by a {@link RetryingSender} replying scripted outcomes. */
class SendMetersTests {

    private static final SendOutcome ACCEPTED = new SendOutcome(Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome THROTTLED =
            new SendOutcome(Kind.RETRYABLE, 429, "Throttled", "Too Many Requests", Duration.ofSeconds(1));
    private static final SendOutcome NO_RESPONSE = new SendOutcome(Kind.RETRYABLE, 0, null, "timeout", null);
    private static final SendOutcome BAD_REQUEST =
            new SendOutcome(Kind.PERMANENT, 400, "InvalidArgument", "Bad Request", null);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SendMeters meters = new SendMeters(registry);
    private final AttemptTally tally = new AttemptTally();
    private final SendObserver observer = SendObserver.all(List.of(meters.observer("dispatch"), tally));

    private DeliveryResult send(SendOutcome... outcomes) {
        Deque<SendOutcome> replies = new ArrayDeque<>(List.of(outcomes));
        RetryingSender sender = new RetryingSender(
                (user, body) -> replies.pop(),
                new RetrySchedule(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)),
                SendGate.fixed(1, Double.POSITIVE_INFINITY, Duration.ofSeconds(1), System::nanoTime),
                () -> 0L,
                java.time.Clock.systemUTC(),
                observer);
        RetryingSender.Turn turn = sender.send(new OutgoingMessage("u-1", "m-1", "{}", List.of("cart-10"), null));
        while (turn instanceof RetryingSender.Deferred deferred) { // back-offs of a millisecond: send again at once
            turn = sender.send(sender.prepare(deferred.message(), deferred.progress()));
        }
        DeliveryResult result = ((RetryingSender.Finished) turn).result();
        observer.finished(result);
        return result;
    }

    @Test
    void countsAttemptsByOutcomeAndMessagesByStatusClass() {
        // given
        send(THROTTLED, ACCEPTED);
        send(BAD_REQUEST);
        send(NO_RESPONSE, NO_RESPONSE, NO_RESPONSE);
        observer.withheld(WithholdReason.NO_CONSENT);

        // when
        ExecutionContext context = new ExecutionContext();
        tally.saveTo(context);

        // then
        assertThat(count(MetricNames.SEND_ATTEMPTS, MetricNames.OUTCOME, "delivered"))
                .isEqualTo(1);
        assertThat(count(MetricNames.SEND_ATTEMPTS, MetricNames.OUTCOME, "throttled"))
                .isEqualTo(1);
        assertThat(count(MetricNames.SEND_ATTEMPTS, MetricNames.OUTCOME, "permanent"))
                .isEqualTo(1);
        assertThat(count(MetricNames.SEND_ATTEMPTS, MetricNames.OUTCOME, "retryable"))
                .isEqualTo(3);
        assertThat(count(MetricNames.MESSAGES_DELIVERED, MetricNames.STATUS_CLASS, "2xx"))
                .isEqualTo(1);
        assertThat(count(MetricNames.MESSAGES_FAILED, MetricNames.STATUS_CLASS, "4xx"))
                .isEqualTo(1);
        assertThat(count(MetricNames.MESSAGES_FAILED, MetricNames.STATUS_CLASS, "none"))
                .isEqualTo(1);
        assertThat(count(MetricNames.USERS_WITHHELD, MetricNames.REASON, "no-consent"))
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.SEND_LATENCY).timer().count()).isEqualTo(6);
        assertThat(context.getLong("send.attempts.delivered")).isEqualTo(1);
        assertThat(context.getLong("send.attempts.throttled")).isEqualTo(1);
        assertThat(context.getLong("send.attempts.retryable")).isEqualTo(3);
        assertThat(context.getLong("send.attempts.permanent")).isEqualTo(1);
    }

    @Test
    void aRestartedStepContinuesItsTallyFromTheExecutionContext() {
        // given
        ExecutionContext saved = new ExecutionContext();
        saved.putLong("send.attempts.throttled", 7);
        tally.restore(saved);

        // when
        send(THROTTLED, ACCEPTED);
        ExecutionContext context = new ExecutionContext();
        tally.saveTo(context);

        // then
        assertThat(context.getLong("send.attempts.throttled")).isEqualTo(8);
        assertThat(context.getLong("send.attempts.delivered")).isEqualTo(1);
    }

    @Test
    void inFlightAndConcurrencyAreGauges() {
        // given
        observer.concurrency(16);

        // when
        observer.inFlight(1);
        observer.inFlight(1);
        observer.inFlight(-1);

        // then
        assertThat(registry.get(MetricNames.SEND_CONCURRENCY).gauge().value()).isEqualTo(16);
        assertThat(registry.get(MetricNames.SENDS_IN_FLIGHT).gauge().value()).isEqualTo(1);
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
