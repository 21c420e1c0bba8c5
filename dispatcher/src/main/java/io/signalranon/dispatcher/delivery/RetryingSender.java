package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Gives one message its turn at the service: attempts it, and retries it at once while the outcome
 * is retryable and nothing says to wait. A permanent outcome ends the attempts. The only retry layer
 * of the dispatcher.
 *
 * <p>Every attempt, first or not, is admitted by the step's {@link SendGate}, which sets how many
 * sends are in flight and how fast they go. A message that must wait before its next attempt (a
 * {@code Retry-After} for it alone, a back-off) is not waited for here: its turn ends
 * {@linkplain Deferred deferred}, with when it is due and what it has used so far, and its caller
 * gives it another turn then, while other messages are sent meanwhile. It waits here only when the
 * wait is everyone's: a pause of the gate (most sends throttled), or a 429 without {@code Retry-After}
 * at an adaptive gate (which paces it).
 *
 * <p>A 429 is the service speaking, not the message failing: throttled attempts do not use up the
 * message's {@linkplain RetrySchedule#maxAttempts() attempts}; they are bounded by time instead
 * ({@link RetrySchedule#maxThrottledWait()} from the first attempt). When the gate
 * {@linkplain SendGate#givesUp(long) gives up} on a service that throttles everything, the message
 * stops there: before its first attempt it is not sent at all (0 attempts, status 429). When the
 * gate is {@linkplain SendGate#stop() stopped}, or the thread interrupted, the turn ends deferred
 * and due at once: the message is left for whoever resumes the work.
 */
public final class RetryingSender {

    /** The outcome of a message the gate gave up on before its first attempt. */
    static final SendOutcome NOT_SENT_THROTTLED = new SendOutcome(
            SendOutcome.Kind.RETRYABLE,
            429,
            null,
            "not sent: the service throttled every call for max-throttled-wait",
            null);

    private static final SendOutcome CLIENT_FAILURE =
            new SendOutcome(SendOutcome.Kind.PERMANENT, 0, null, "failed in the client", null);

    private final MessageTransport transport;
    private final RetrySchedule schedule;
    private final SendGate gate;
    private final RandomGenerator random;
    private final Clock clock;
    private final SendObserver observer;

    /**
     * @param random draws the back-off's jitter
     * @param clock the wall clock of due times and of the first attempt
     * @param observer told of every attempt, with its outcome and latency
     */
    public RetryingSender(
            MessageTransport transport,
            RetrySchedule schedule,
            SendGate gate,
            RandomGenerator random,
            Clock clock,
            SendObserver observer) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public RetryingSender(MessageTransport transport, RetrySchedule schedule, SendGate gate) {
        this(transport, schedule, gate, SendObserver.NONE);
    }

    /** @param observer told of every attempt, with its outcome and latency */
    public RetryingSender(MessageTransport transport, RetrySchedule schedule, SendGate gate, SendObserver observer) {
        this(transport, schedule, gate, () -> ThreadLocalRandom.current().nextLong(), Clock.systemUTC(), observer);
    }

    /** The gate that admits this sender's attempts. */
    public SendGate gate() {
        return gate;
    }

    /** What to check when the service refuses the sends with {@code status} (401 or 403). */
    public String rejectionHint(int status) {
        return transport.rejectionHint(status);
    }

    /** The wall clock of due times. */
    public Clock clock() {
        return clock;
    }

    /** Builds the first attempt of a new message; nothing is sent. */
    public Prepared prepare(OutgoingMessage message) {
        return prepare(message, Progress.NONE);
    }

    /** Builds the next attempt of a message that has had turns before ({@code progress}); nothing is sent. */
    public Prepared prepare(OutgoingMessage message, Progress progress) {
        return new Prepared(message, transport.prepare(message.userId(), message.body()), progress);
    }

    /** Gives a new message its turn (see the class comment). */
    public Turn send(OutgoingMessage message) {
        return send(prepare(message));
    }

    /** Gives a message its turn, starting with the attempt built ahead. */
    public Turn send(Prepared prepared) {
        OutgoingMessage message = prepared.message();
        Progress progress = prepared.progress();
        MessageTransport.Attempt next = prepared.attempt();
        while (true) {
            SendGate.Admission admission;
            try {
                admission = gate.admit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Deferred(message, progress, clock.instant());
            }
            if (admission instanceof SendGate.Refused refused) {
                if (refused.why() == SendGate.Why.STOPPED) {
                    return new Deferred(message, progress, clock.instant());
                }
                SendOutcome last = progress.last();
                return new Finished(new DeliveryResult(
                        message, last != null ? last : NOT_SENT_THROTTLED, progress.attempts(), progress.throttled()));
            }
            SendGate.Permit permit = (SendGate.Permit) admission;
            Instant at = clock.instant();
            Attempted attempted = attempt(next, permit);
            SendOutcome outcome = attempted.outcome();
            progress = progress.after(outcome, at);
            if (!outcome.retryable()) {
                return new Finished(finalResult(message, progress));
            }
            Duration delay;
            if (outcome.status() == 429) {
                delay = attempted.pausesAll() || (outcome.retryAfter() == null && gate.pacesThrottled())
                        ? Duration.ZERO
                        : schedule.delayAfter(progress.throttled(), outcome.retryAfter(), random);
                Instant first = Objects.requireNonNull(progress.firstAttemptAt());
                if (Duration.between(first, clock.instant().plus(delay)).compareTo(schedule.maxThrottledWait()) > 0
                        || gate.givesUp(gate.now())) {
                    return new Finished(finalResult(message, progress));
                }
            } else {
                int counted = progress.attempts() - progress.throttled();
                if (!schedule.allowsAnotherAfter(counted)) {
                    return new Finished(finalResult(message, progress));
                }
                delay = attempted.pausesAll()
                        ? Duration.ZERO
                        : schedule.delayAfter(counted, outcome.retryAfter(), random);
            }
            if (!delay.isZero()) {
                return new Deferred(message, progress, clock.instant().plus(delay));
            }
            next = () -> transport.send(message.userId(), message.body());
        }
    }

    private static DeliveryResult finalResult(OutgoingMessage message, Progress progress) {
        return new DeliveryResult(
                message, Objects.requireNonNull(progress.last()), progress.attempts(), progress.throttled());
    }

    private record Attempted(SendOutcome outcome, boolean pausesAll) {}

    /** One attempt, admitted by {@code permit}, which it gives back. */
    private Attempted attempt(MessageTransport.Attempt attempt, SendGate.Permit permit) {
        long started = System.nanoTime();
        SendOutcome outcome;
        try {
            outcome = attempt.send();
        } catch (RuntimeException | Error e) {
            gate.complete(permit, CLIENT_FAILURE);
            throw e;
        }
        boolean pausesAll = gate.complete(permit, outcome);
        observer.attempted(outcome, Duration.ofNanos(System.nanoTime() - started));
        return new Attempted(outcome, pausesAll);
    }

    /**
     * What a message has used of its attempts so far, over all its turns.
     *
     * @param attempts attempts made
     * @param throttled how many of them were answered 429
     * @param firstAttemptAt when the first was made, {@code null} before it
     * @param last the outcome of the last one, {@code null} before the first
     */
    public record Progress(
            int attempts,
            int throttled,
            @Nullable Instant firstAttemptAt,
            @Nullable SendOutcome last) {

        /** A message not attempted yet. */
        public static final Progress NONE = new Progress(0, 0, null, null);

        public Progress {
            if (attempts < 0 || throttled < 0 || throttled > attempts) {
                throw new IllegalArgumentException(
                        "need 0 <= throttled <= attempts, got " + throttled + " of " + attempts);
            }
        }

        Progress after(SendOutcome outcome, Instant at) {
            return new Progress(
                    attempts + 1,
                    throttled + (outcome.status() == 429 ? 1 : 0),
                    firstAttemptAt != null ? firstAttemptAt : at,
                    outcome);
        }
    }

    /** A message with its next attempt built ahead. */
    public record Prepared(OutgoingMessage message, MessageTransport.Attempt attempt, Progress progress) {

        public Prepared {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(attempt, "attempt");
            Objects.requireNonNull(progress, "progress");
        }
    }

    /** How a message's turn ended. */
    public sealed interface Turn permits Finished, Deferred {}

    /** Delivered, or failed for good (permanent, out of attempts or of throttled time, given up on). */
    public record Finished(DeliveryResult result) implements Turn {}

    /**
     * Still to be sent: due again at {@code dueAt} (now, when its turn was cut short by a stop), with
     * what it used so far.
     */
    public record Deferred(OutgoingMessage message, Progress progress, Instant dueAt) implements Turn {}
}
