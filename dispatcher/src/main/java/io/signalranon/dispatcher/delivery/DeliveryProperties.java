package io.signalranon.dispatcher.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatch step sends ({@code dispatcher.delivery.*}).
 *
 * @param chunkSize users per chunk: one transaction, one batch of concurrent sends
 * @param concurrency sends in flight at most, and HTTP connections in the pool
 * @param maxAttempts attempts per message, first one included, before it is recorded as failed
 * @param initialBackoff back-off before the second attempt when the service gave no Retry-After
 * @param maxBackoff longest back-off between attempts
 * @param maxRetryAfter longest Retry-After honoured as given; longer ones are cut to it
 * @param connectTimeout time to open a connection to the service
 * @param responseTimeout time to wait for a response to one send
 * @param progressEvery chunks between two progress lines in the log
 */
@ConfigurationProperties("dispatcher.delivery")
public record DeliveryProperties(
        @DefaultValue("500") int chunkSize,
        @DefaultValue("32") int concurrency,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("20") int progressEvery) {

    public DeliveryProperties {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("dispatcher.delivery.chunk-size must be >= 1, got " + chunkSize);
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("dispatcher.delivery.concurrency must be 1..1024, got " + concurrency);
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("dispatcher.delivery.progress-every must be >= 1, got " + progressEvery);
        }
    }

    /** The retry schedule these settings describe. */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
    }
}
