package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingSenderTests {

    private static final SendOutcome ACCEPTED = new SendOutcome(Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome THROTTLED =
            new SendOutcome(Kind.RETRYABLE, 429, "Throttled", "Too Many Requests", Duration.ofSeconds(3));
    private static final SendOutcome UNAVAILABLE =
            new SendOutcome(Kind.RETRYABLE, 503, null, "Service Unavailable", null);
    private static final SendOutcome BAD_REQUEST =
            new SendOutcome(Kind.PERMANENT, 400, "InvalidArgument", "Bad Request", null);

    private final OutgoingMessage message = new OutgoingMessage("u-1", "m-1", "{}", List.of("cart-10"), null);
    private final RetrySchedule schedule =
            new RetrySchedule(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private final List<Duration> pauses = new ArrayList<>();

    private RetryingSender senderReplying(SendOutcome... outcomes) {
        Deque<SendOutcome> replies = new ArrayDeque<>(List.of(outcomes));
        return new RetryingSender((user, body) -> replies.pop(), schedule, () -> 0L, pauses::add);
    }

    @Test
    void retriesRetryableOutcomesUntilDelivered() {
        // given
        RetryingSender sender = senderReplying(THROTTLED, UNAVAILABLE, ACCEPTED);

        // when
        DeliveryResult result = sender.send(message);

        // then
        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(100));
    }

    @Test
    void aPreparedMessageSendsItsPreparedAttemptFirstAndBuildsRetriesWhenDue() {
        // given: a transport that tells prepared attempts from fresh ones
        List<String> calls = new ArrayList<>();
        Deque<SendOutcome> replies = new ArrayDeque<>(List.of(UNAVAILABLE, THROTTLED, ACCEPTED));
        MessageTransport transport = new MessageTransport() {
            @Override
            public SendOutcome send(String userId, String jsonBody) {
                calls.add("fresh " + userId);
                return replies.pop();
            }

            @Override
            public Attempt prepare(String userId, String jsonBody) {
                calls.add("prepared " + userId);
                return () -> {
                    calls.add("sent prepared " + userId);
                    return replies.pop();
                };
            }
        };
        RetryingSender sender = new RetryingSender(transport, schedule, () -> 0L, pauses::add);

        // when
        RetryingSender.Prepared prepared = sender.prepare(message);
        List<String> beforeSending = List.copyOf(calls);
        DeliveryResult result = sender.send(prepared);

        // then
        assertThat(beforeSending).containsExactly("prepared u-1");
        assertThat(calls).containsExactly("prepared u-1", "sent prepared u-1", "fresh u-1", "fresh u-1");
        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void permanentOutcomeStopsAtOnce() {
        RetryingSender sender = senderReplying(BAD_REQUEST, ACCEPTED);

        DeliveryResult result = sender.send(message);

        assertThat(result.outcome()).isEqualTo(BAD_REQUEST);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastOutcome() {
        RetryingSender sender = senderReplying(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, THROTTLED, ACCEPTED);

        DeliveryResult result = sender.send(message);

        assertThat(result.delivered()).isFalse();
        assertThat(result.outcome()).isEqualTo(THROTTLED);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(pauses).hasSize(3);
    }

    @Test
    void interruptStopsRetryingAndKeepsTheFlag() {
        RetryingSender sender = new RetryingSender((user, body) -> UNAVAILABLE, schedule, () -> 0L, d -> {
            throw new InterruptedException();
        });

        DeliveryResult result = sender.send(message);

        assertThat(result.attempts()).isEqualTo(1);
        assertThat(Thread.interrupted()).isTrue();
    }
}
