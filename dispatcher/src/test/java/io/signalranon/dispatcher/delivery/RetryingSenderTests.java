package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
    private final AtomicLong nanos = new AtomicLong();
    private final SendGate gate = SendGate.fixed(8, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), nanos::get);

    /** The wall clock on the same fake time as the gate's. */
    private final Clock wall = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.EPOCH.plusNanos(nanos.get());
        }
    };

    private RetryingSender sender(MessageTransport transport, RetrySchedule schedule, SendGate gate) {
        return new RetryingSender(transport, schedule, gate, () -> 0L, wall, SendObserver.NONE);
    }

    private RetryingSender senderReplying(SendOutcome... outcomes) {
        Deque<SendOutcome> replies = new ArrayDeque<>(List.of(outcomes));
        return sender((user, body) -> replies.pop(), schedule, gate);
    }

    /**
     * Gives the message turns until it is finished, as the writers do: each deferred turn is recorded as a
     * pause (its due time less now), the fake clock moved to its due time, and the message sent again.
     */
    private DeliveryResult untilFinished(RetryingSender sender, RetryingSender.Prepared prepared) {
        RetryingSender.Turn turn = sender.send(prepared);
        while (turn instanceof RetryingSender.Deferred deferred) {
            Duration wait = Duration.between(wall.instant(), deferred.dueAt());
            pauses.add(wait);
            nanos.addAndGet(wait.toNanos());
            turn = sender.send(sender.prepare(deferred.message(), deferred.progress()));
        }
        return ((RetryingSender.Finished) turn).result();
    }

    private DeliveryResult untilFinished(RetryingSender sender, OutgoingMessage message) {
        return untilFinished(sender, sender.prepare(message));
    }

    @Test
    void retriesRetryableOutcomesUntilDelivered() {
        // given
        RetryingSender sender = senderReplying(THROTTLED, UNAVAILABLE, ACCEPTED);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then
        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(50));
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
        RetryingSender sender = sender(transport, schedule, gate);

        // when
        RetryingSender.Prepared prepared = sender.prepare(message);
        List<String> beforeSending = List.copyOf(calls);
        DeliveryResult result = untilFinished(sender, prepared);

        // then
        assertThat(beforeSending).containsExactly("prepared u-1");
        assertThat(calls)
                .as("each later turn's attempt is built when it is due")
                .containsExactly(
                        "prepared u-1",
                        "sent prepared u-1",
                        "prepared u-1",
                        "sent prepared u-1",
                        "prepared u-1",
                        "sent prepared u-1");
        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void permanentOutcomeStopsAtOnce() {
        RetryingSender sender = senderReplying(BAD_REQUEST, ACCEPTED);

        DeliveryResult result = untilFinished(sender, message);

        assertThat(result.outcome()).isEqualTo(BAD_REQUEST);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastOutcome() {
        RetryingSender sender = senderReplying(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, ACCEPTED);

        DeliveryResult result = untilFinished(sender, message);

        assertThat(result.delivered()).isFalse();
        assertThat(result.outcome()).isEqualTo(UNAVAILABLE);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(pauses).hasSize(3);
    }

    @Test
    void throttledAttemptsDoNotUseUpTheMessagesAttempts() {
        // given: 4 attempts allowed; 3 errors and 6 throttled answers before the service accepts
        RetryingSender sender = senderReplying(
                THROTTLED,
                UNAVAILABLE,
                THROTTLED,
                THROTTLED,
                UNAVAILABLE,
                THROTTLED,
                THROTTLED,
                UNAVAILABLE,
                THROTTLED,
                ACCEPTED);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then
        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(10);
        assertThat(result.throttled()).isEqualTo(6);
    }

    @Test
    void aThrottledMessageGivesUpOnceItsThrottledTimeIsSpent() {
        // given: a service that throttles every attempt with Retry-After: 3 s; 10 s of throttled time
        RetrySchedule schedule = new RetrySchedule(
                4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10));
        RetryingSender sender = sender((user, body) -> THROTTLED, schedule, gate);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then: attempts at 0, 3, 6 and 9 s; the next would start after 10 s
        assertThat(result.delivered()).isFalse();
        assertThat(result.outcome().status()).isEqualTo(429);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(result.throttled()).isEqualTo(4);
        assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void anAdaptiveGatePacesThrottledRetriesSoTheyTakeNoBackOffOfTheirOwn() {
        // given: a clock that moves one second each time it is read, and an adaptive gate
        AtomicLong ticking = new AtomicLong();
        LongSupplier clock = () -> ticking.addAndGet(1_000_000_000L);
        SendGate adaptive = SendGate.adaptive(1, 8, 64, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), clock);
        SendOutcome throttledNoRetryAfter = new SendOutcome(Kind.RETRYABLE, 429, null, "Too Many Requests", null);
        Deque<SendOutcome> replies = new ArrayDeque<>(List.of(throttledNoRetryAfter, throttledNoRetryAfter, ACCEPTED));
        RetryingSender sender = sender((user, body) -> replies.pop(), schedule, adaptive);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then
        assertThat(result.delivered()).isTrue();
        assertThat(result.throttled()).isEqualTo(2);
        assertThat(pauses).isEmpty();
        assertThat(adaptive.snapshot().throttled()).isEqualTo(2);
    }

    @Test
    void aMessageWaitingAtAGateThatGaveUpIsNotSent() throws InterruptedException {
        // given: a gate of one send that gave up (a minute of nothing but 429s), its one permit taken
        SendGate gaveUp =
                SendGate.fixed(1, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), Duration.ofMinutes(1), nanos::get);
        SendGate.Permit throttled = (SendGate.Permit) gaveUp.admit();
        gaveUp.complete(throttled, THROTTLED);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        gaveUp.admit();
        List<String> sent = new ArrayList<>();
        RetryingSender sender = sender(
                (user, body) -> {
                    sent.add(user);
                    return ACCEPTED;
                },
                schedule,
                gaveUp);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then: recorded as throttled, for reprocess, without an attempt
        assertThat(sent).isEmpty();
        assertThat(result.delivered()).isFalse();
        assertThat(result.outcome().status()).isEqualTo(429);
        assertThat(result.attempts()).isZero();
    }

    @Test
    void aThrottledMessageStopsRetryingOnceTheGateGivesUp() {
        // given: an adaptive gate giving up after 30 s of 429s; the message's own bound is 10 min
        AtomicLong ticking = new AtomicLong();
        LongSupplier clock = () -> ticking.addAndGet(1_000_000_000L); // one second a reading
        SendGate adaptive = SendGate.adaptive(
                1, 8, 64, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), Duration.ofSeconds(30), clock);
        RetrySchedule patient = new RetrySchedule(
                4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10));
        SendOutcome throttledNoRetryAfter = new SendOutcome(Kind.RETRYABLE, 429, null, "Too Many Requests", null);
        RetryingSender sender = sender((user, body) -> throttledNoRetryAfter, patient, adaptive);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then: it gave up well before its own 10 minutes
        assertThat(result.delivered()).isFalse();
        assertThat(result.outcome().status()).isEqualTo(429);
        assertThat(result.throttled()).isEqualTo(result.attempts());
        assertThat(ticking.get()).isLessThan(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void aFixedGateLeavesThrottledRetriesTheirBackOff() {
        // given
        SendOutcome throttledNoRetryAfter = new SendOutcome(Kind.RETRYABLE, 429, null, "Too Many Requests", null);
        RetryingSender sender = senderReplying(throttledNoRetryAfter, throttledNoRetryAfter, ACCEPTED);

        // when
        DeliveryResult result = untilFinished(sender, message);

        // then: 100 ms, then 200 ms, at the low end of their jitter
        assertThat(result.delivered()).isTrue();
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void aMessageThatMustWaitEndsItsTurnDeferredInsteadOfHoldingTheThread() {
        // given: a service busy once (no Retry-After: back-off of 100 ms, at the low end of its jitter 50 ms)
        RetryingSender sender = senderReplying(UNAVAILABLE, ACCEPTED);

        // when
        RetryingSender.Turn turn = sender.send(message);

        // then: no waiting on this thread; it is due in 50 ms, with its one attempt counted
        assertThat(turn).isInstanceOf(RetryingSender.Deferred.class);
        RetryingSender.Deferred deferred = (RetryingSender.Deferred) turn;
        assertThat(deferred.dueAt()).isEqualTo(Instant.EPOCH.plusMillis(50));
        assertThat(deferred.progress().attempts()).isEqualTo(1);
        assertThat(deferred.progress().last()).isEqualTo(UNAVAILABLE);
        assertThat(nanos.get()).isZero();
    }

    @Test
    void aStoppedGateEndsTheTurnDeferredAndDueAtOnceWithoutAnAttempt() {
        // given
        List<String> sent = new ArrayList<>();
        RetryingSender sender = sender(
                (user, body) -> {
                    sent.add(user);
                    return ACCEPTED;
                },
                schedule,
                gate);
        gate.stop();

        // when
        RetryingSender.Turn turn = sender.send(message);

        // then: left for the resumed run, not failed
        assertThat(sent).isEmpty();
        assertThat(turn).isEqualTo(new RetryingSender.Deferred(message, RetryingSender.Progress.NONE, wall.instant()));
    }

    @Test
    void interruptEndsTheTurnDeferredAndKeepsTheFlag() throws InterruptedException {
        // given: the gate's one permit is taken, so the send waits for it
        SendGate one = SendGate.fixed(1, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), nanos::get);
        one.admit();
        RetryingSender sender = sender((user, body) -> ACCEPTED, schedule, one);
        Thread.currentThread().interrupt();

        // when
        RetryingSender.Turn turn = sender.send(message);

        // then
        assertThat(turn).isInstanceOf(RetryingSender.Deferred.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
