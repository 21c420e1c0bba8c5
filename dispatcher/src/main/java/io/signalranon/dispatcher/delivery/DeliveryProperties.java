package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatch step sends ({@code dispatcher.delivery.*}).
 *
 * @param chunkSize users per chunk: one transaction, one batch of concurrent sends
 * @param concurrency sends in flight, fixed (turns adaptation off); unset: adapts within min..max
 * @param minConcurrency fewest sends in flight the adaptive limit goes down to; unset:
 *     {@value #DEFAULT_MIN_CONCURRENCY}, or {@code maxConcurrency} when that is lower
 * @param maxConcurrency most sends in flight the adaptive limit grows to, and HTTP connections in the pool
 * @param maxRate most messages per second (send attempts, retries included); unset: no ceiling
 * @param maxAttempts attempts per message, first one included, before it is recorded as failed (429s not counted)
 * @param maxThrottledWait how long after its first attempt a message answered 429 may still be tried again;
 *     also how long the service may answer nothing but 429 before waiting messages give up
 * @param initialBackoff back-off before the second attempt when the service gave no Retry-After
 * @param maxBackoff longest back-off between attempts
 * @param maxRetryAfter longest Retry-After honoured as given; longer ones are cut to it
 * @param connectTimeout time to open a connection to the service
 * @param responseTimeout time to wait for a response to one send
 * @param progressEvery chunks between two progress lines in the log
 */
@ConfigurationProperties("dispatcher.delivery")
public record DeliveryProperties(
        @DefaultValue("2000") int chunkSize,
        Integer concurrency,
        Integer minConcurrency,
        @DefaultValue("640") int maxConcurrency,
        Double maxRate,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("2m") Duration maxThrottledWait,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("5") int progressEvery) {

    /**
     * The adaptive limit's floor unless set: the fixed concurrency of the versions before it adapted.
     * At a service this machine reaches in well under a millisecond, the round trip measures this
     * machine's queue, and the limit would settle below what keeps two cores busy.
     */
    static final int DEFAULT_MIN_CONCURRENCY = 32;

    /** The adaptive limit's start, within {@code min-concurrency..max-concurrency}. */
    static final int INITIAL_CONCURRENCY = 8;

    private static final int MOST = 1024;

    public DeliveryProperties {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("dispatcher.delivery.chunk-size must be >= 1, got " + chunkSize);
        }
        if (concurrency != null && (concurrency < 1 || concurrency > MOST)) {
            throw new IllegalArgumentException("dispatcher.delivery.concurrency must be 1..1024, got " + concurrency);
        }
        if (minConcurrency == null) {
            minConcurrency = Math.max(1, Math.min(DEFAULT_MIN_CONCURRENCY, maxConcurrency));
        }
        if (minConcurrency < 1 || minConcurrency > maxConcurrency || maxConcurrency > MOST) {
            throw new IllegalArgumentException(
                    "dispatcher.delivery.min-concurrency and max-concurrency must satisfy 1 <= min <= max <= 1024, got "
                            + minConcurrency + " and " + maxConcurrency);
        }
        if (maxRate != null && !(maxRate > 0 && Double.isFinite(maxRate))) {
            throw new IllegalArgumentException("dispatcher.delivery.max-rate must be > 0 when set, got " + maxRate);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("dispatcher.delivery.max-attempts must be 1..100, got " + maxAttempts);
        }
        requirePositive("initial-backoff", initialBackoff);
        requirePositive("max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("dispatcher.delivery.max-backoff must be >= initial-backoff ("
                    + initialBackoff + "), got " + maxBackoff);
        }
        requirePositive("max-retry-after", maxRetryAfter);
        requirePositive("max-throttled-wait", maxThrottledWait);
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("response-timeout", responseTimeout);
        if (progressEvery < 1) {
            throw new IllegalArgumentException("dispatcher.delivery.progress-every must be >= 1, got " + progressEvery);
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dispatcher.delivery." + setting + " must be > 0, got " + value);
        }
    }

    /** These settings for one of {@code sharers} senders that run at once: each gets its share of {@code max-rate}. */
    public DeliveryProperties sharedBy(int sharers) {
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be >= 1, got " + sharers);
        }
        if (sharers == 1 || maxRate == null) {
            return this;
        }
        return new DeliveryProperties(
                chunkSize,
                concurrency,
                minConcurrency,
                maxConcurrency,
                maxRate / sharers,
                maxAttempts,
                maxThrottledWait,
                initialBackoff,
                maxBackoff,
                maxRetryAfter,
                connectTimeout,
                responseTimeout,
                progressEvery);
    }

    /** Send threads, and HTTP connections: the fixed concurrency, else the adaptive limit's maximum. */
    public int sendThreads() {
        return concurrency != null ? concurrency : maxConcurrency;
    }

    /** The retry schedule these settings describe. */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, maxThrottledWait);
    }

    /** A new watch for one step's sends: a line every 10 s while sends wait, a first chunk nothing answers fails. */
    public StallWatch stallWatch() {
        return new StallWatch(responseTimeout, Duration.ofSeconds(10), System::nanoTime);
    }

    /** A new gate for one step's sends, as these settings describe, on the system's nano time. */
    public SendGate sendGate() {
        return sendGate(System::nanoTime);
    }

    /** A new gate for one step's sends, as these settings describe, on {@code nanoClock}. */
    public SendGate sendGate(LongSupplier nanoClock) {
        double rate = maxRate != null ? maxRate : Double.POSITIVE_INFINITY;
        if (concurrency != null) {
            return SendGate.fixed(concurrency, rate, maxRetryAfter, maxThrottledWait, nanoClock);
        }
        int initial = Math.min(maxConcurrency, Math.max(minConcurrency, INITIAL_CONCURRENCY));
        return SendGate.adaptive(
                minConcurrency, initial, maxConcurrency, rate, maxRetryAfter, maxThrottledWait, nanoClock);
    }
}
