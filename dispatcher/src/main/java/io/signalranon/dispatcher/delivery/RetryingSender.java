package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Sends one message, retrying it on its own while the outcome is retryable and the schedule allows.
 * A permanent outcome ends the attempts at once. The only retry layer of the dispatcher.
 */
public final class RetryingSender {

    /** Waits between attempts; {@link Thread#sleep} in production. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final MessageTransport transport;
    private final RetrySchedule schedule;
    private final RandomGenerator random;
    private final Pause pause;
    private final SendObserver observer;

    public RetryingSender(MessageTransport transport, RetrySchedule schedule, RandomGenerator random, Pause pause) {
        this(transport, schedule, random, pause, SendObserver.NONE);
    }

    /** @param observer told of every attempt, with its outcome and latency */
    public RetryingSender(
            MessageTransport transport,
            RetrySchedule schedule,
            RandomGenerator random,
            Pause pause,
            SendObserver observer) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.random = Objects.requireNonNull(random, "random");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public RetryingSender(MessageTransport transport, RetrySchedule schedule) {
        this(transport, schedule, SendObserver.NONE);
    }

    public RetryingSender(MessageTransport transport, RetrySchedule schedule, SendObserver observer) {
        this(
                transport,
                schedule,
                () -> ThreadLocalRandom.current().nextLong(),
                d -> Thread.sleep(d.toMillis()),
                observer);
    }

    /**
     * Sends until delivered, permanently failed, or out of attempts. An interrupt stops retrying and
     * returns the last outcome, so the caller can record it.
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
        OutgoingMessage message = prepared.message();
        int attempt = 1;
        long started = System.nanoTime();
        SendOutcome outcome = prepared.firstAttempt().send();
        observer.attempted(outcome, Duration.ofNanos(System.nanoTime() - started));
        while (outcome.retryable() && schedule.allowsAnotherAfter(attempt)) {
            try {
                pause.pause(schedule.delayAfter(attempt, outcome.retryAfter(), random));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            attempt++;
            started = System.nanoTime();
            outcome = transport.send(message.userId(), message.body());
            observer.attempted(outcome, Duration.ofNanos(System.nanoTime() - started));
        }
        return new DeliveryResult(message, outcome, attempt);
    }

    /** A message with its first attempt built ahead. */
    public record Prepared(OutgoingMessage message, MessageTransport.Attempt firstAttempt) {

        public Prepared {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(firstAttempt, "firstAttempt");
        }
    }
}
