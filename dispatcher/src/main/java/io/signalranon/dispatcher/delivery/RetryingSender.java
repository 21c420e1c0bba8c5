package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Sends one message, retrying it on its own while the outcome is retryable and the schedule allows.
 * A permanent outcome ends the attempts at once. The only retry layer of the dispatcher.
 *
 * <p>Every attempt, first or not, is admitted by the step's {@link SendGate}, which sets how many
 * sends are in flight and how fast they go; a message waiting for its next attempt holds no permit.
 * A 429 is the service speaking, not the message failing: throttled attempts do not use up the
 * message's {@linkplain RetrySchedule#maxAttempts() attempts}; they are bounded by time instead
 * ({@link RetrySchedule#maxThrottledWait()} from the first attempt), and when the gate adapts they
 * need no back-off of their own (the gate slows every send down). When the gate
 * {@linkplain SendGate#givesUp(long) gives up} on a service that throttles everything, a message
 * waiting for it stops there: before its first attempt it is not sent at all (0 attempts, status 429).
 */
public final class RetryingSender {

    /** Waits between attempts; {@link Thread#sleep} in production. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private static final SendOutcome INTERRUPTED =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "interrupted before its first attempt", null);
    /** The outcome of a message the gate gave up on before its first attempt. */
    static final SendOutcome NOT_SENT_THROTTLED = new SendOutcome(
            SendOutcome.Kind.RETRYABLE,
            429,
            null,
            "not sent: the service throttled every call for max-throttled-wait",
            null);

    private final MessageTransport transport;
    private final RetrySchedule schedule;
    private final SendGate gate;
    private final RandomGenerator random;
    private final Pause pause;
    private final SendObserver observer;
    private final AtomicInteger backingOff = new AtomicInteger();

    public RetryingSender(
            MessageTransport transport, RetrySchedule schedule, SendGate gate, RandomGenerator random, Pause pause) {
        this(transport, schedule, gate, random, pause, SendObserver.NONE);
    }

    /** @param observer told of every attempt, with its outcome and latency */
    public RetryingSender(
            MessageTransport transport,
            RetrySchedule schedule,
            SendGate gate,
            RandomGenerator random,
            Pause pause,
            SendObserver observer) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.random = Objects.requireNonNull(random, "random");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public RetryingSender(MessageTransport transport, RetrySchedule schedule, SendGate gate) {
        this(transport, schedule, gate, SendObserver.NONE);
    }

    /** @param observer told of every attempt, with its outcome and latency */
    public RetryingSender(MessageTransport transport, RetrySchedule schedule, SendGate gate, SendObserver observer) {
        this(
                transport,
                schedule,
                gate,
                () -> ThreadLocalRandom.current().nextLong(),
                d -> Thread.sleep(d.toMillis()),
                observer);
    }

    /** The gate that admits this sender's attempts. */
    public SendGate gate() {
        return gate;
    }

    /** What to check when the service refuses the sends with {@code status} (401 or 403). */
    public String rejectionHint(int status) {
        return transport.rejectionHint(status);
    }

    /** Messages waiting out a back-off before their next attempt now (they hold no permit). */
    public int backingOff() {
        return backingOff.get();
    }

    /**
     * Sends until delivered, permanently failed, out of attempts or out of throttled time. An
     * interrupt stops retrying and returns the last outcome, so the caller can record it.
     */
    public DeliveryResult send(OutgoingMessage message) {
        return send(prepare(message));
    }

    /** Builds the first attempt of a message ahead of {@link #send(Prepared)}; nothing is sent. */
    public Prepared prepare(OutgoingMessage message) {
        return new Prepared(message, transport.prepare(message.userId(), message.body()));
    }

    /** Like {@link #send(OutgoingMessage)}, with a first attempt built ahead; retries are built when they are due. */
    public DeliveryResult send(Prepared prepared) {
        return send(prepared, () -> {});
    }

    /**
     * Like {@link #send(Prepared)}, running {@code beforeBackOff} when the message starts to wait out
     * a back-off (it then counts in {@link #backingOff()}): the caller may start another send meanwhile.
     */
    public DeliveryResult send(Prepared prepared, Runnable beforeBackOff) {
        OutgoingMessage message = prepared.message();
        long first = gate.now();
        @Nullable SendOutcome firstOutcome;
        try {
            firstOutcome = attempt(prepared.firstAttempt());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult(message, INTERRUPTED, 1, 0);
        }
        if (firstOutcome == null) {
            return new DeliveryResult(message, NOT_SENT_THROTTLED, 0, 0);
        }
        SendOutcome outcome = firstOutcome;
        int attempts = 1;
        int throttled = 0;
        while (outcome.retryable()) {
            Duration delay;
            if (outcome.status() == 429) {
                throttled++;
                delay = outcome.retryAfter() != null
                        ? schedule.delayAfter(throttled, outcome.retryAfter(), random)
                        : gate.pacesThrottled() ? Duration.ZERO : schedule.delayAfter(throttled, null, random);
                long now = gate.now();
                if (now + delay.toNanos() - first > schedule.maxThrottledWait().toNanos() || gate.givesUp(now)) {
                    break;
                }
            } else {
                if (!schedule.allowsAnotherAfter(attempts - throttled)) {
                    break;
                }
                delay = schedule.delayAfter(attempts - throttled, outcome.retryAfter(), random);
            }
            try {
                if (!delay.isZero()) {
                    backingOff.incrementAndGet();
                    try {
                        beforeBackOff.run();
                        pause.pause(delay);
                    } finally {
                        backingOff.decrementAndGet();
                    }
                }
                SendOutcome next = attempt(() -> transport.send(message.userId(), message.body()));
                if (next == null) {
                    break; // the gate gave up: the last outcome stands
                }
                outcome = next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            attempts++;
        }
        return new DeliveryResult(message, outcome, attempts, throttled);
    }

    /** One attempt through the gate; {@code null} when the gate gave up before admitting it. */
    private @Nullable SendOutcome attempt(MessageTransport.Attempt attempt) throws InterruptedException {
        SendGate.Permit permit = gate.admit();
        if (permit == null) {
            return null;
        }
        SendOutcome outcome = null;
        long started = System.nanoTime();
        try {
            outcome = attempt.send();
            observer.attempted(outcome, Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        } finally {
            gate.complete(
                    permit,
                    outcome != null
                            ? outcome
                            : new SendOutcome(SendOutcome.Kind.PERMANENT, 0, null, "failed in the client", null));
        }
    }

    /** A message with its first attempt built ahead. */
    public record Prepared(OutgoingMessage message, MessageTransport.Attempt firstAttempt) {

        public Prepared {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(firstAttempt, "firstAttempt");
        }
    }
}
