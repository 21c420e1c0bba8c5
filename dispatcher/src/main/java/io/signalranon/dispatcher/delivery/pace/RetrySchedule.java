package io.signalranon.dispatcher.delivery.pace;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When to try a send again: the service's {@code Retry-After} when it gave one (capped at
 * {@code maxRetryAfter}), otherwise capped exponential back-off with jitter.
 *
 * @param maxAttempts attempts per message, first one included (at least 1)
 * @param initialDelay delay before the second attempt, before jitter (positive)
 * @param maxDelay longest back-off delay (at least {@code initialDelay})
 * @param maxRetryAfter longest {@code Retry-After} honoured as given; longer ones are cut to it
 * @param maxThrottledWait how long after its first attempt a throttled (429) message may still be
 *     tried again; throttled attempts do not count against {@code maxAttempts}
 */
public record RetrySchedule(
        int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter, Duration maxThrottledWait) {

    /** The default {@code maxThrottledWait}. */
    public static final Duration DEFAULT_MAX_THROTTLED_WAIT = Duration.ofMinutes(2);

    public RetrySchedule {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(maxThrottledWait, "maxThrottledWait");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be > 0, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= initialDelay, got " + maxDelay);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0, got " + maxRetryAfter);
        }
        if (maxThrottledWait.isNegative()) {
            throw new IllegalArgumentException("maxThrottledWait must be >= 0, got " + maxThrottledWait);
        }
    }

    /** A schedule with the default {@code maxThrottledWait}. */
    public RetrySchedule(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
        this(maxAttempts, initialDelay, maxDelay, maxRetryAfter, DEFAULT_MAX_THROTTLED_WAIT);
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * The pause before the attempt that follows attempt number {@code attempt} (1-based).
     * Exponential back-off doubles from {@code initialDelay} up to {@code maxDelay}; the pause is
     * drawn uniformly from the upper half of that value ("equal jitter"), so clients that failed
     * together do not retry together.
     *
     * @param retryAfter the service's {@code Retry-After}, or {@code null}
     */
    public Duration delayAfter(int attempt, @Nullable Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long initial = initialDelay.toMillis();
        long cap = maxDelay.toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long backoff = Math.min(cap, initial << doublings);
        long half = backoff / 2;
        return Duration.ofMillis(half + random.nextLong(backoff - half + 1));
    }
}
