package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Watches for a service that accepts connections and never answers: it hears every attempt's outcome
 * (as a {@link SendObserver}; any HTTP status is an answer) and, while a chunk's sends wait, says every
 * {@code reportEvery} how many sends have had no answer for how long, and fails the chunk once twice the
 * response timeout passed without an answer when nothing has answered yet in this step. Thread-safe.
 */
public final class StallWatch implements SendObserver {

    /** Watches nothing: never reports, never fails. */
    public static StallWatch none() {
        return new StallWatch(null, Duration.ofDays(365), System::nanoTime);
    }

    private final @Nullable Duration responseTimeout;
    private final Duration reportEvery;
    private final LongSupplier nanoClock;
    private volatile boolean answered;
    private volatile long lastAnswerAt;
    private long waitingSince;
    private long firstWaitAt;
    private boolean waited;
    private long nextReportAt;

    /**
     * @param responseTimeout the time a send waits for a response; the first sends of a step fail after twice
     *     that without any answer (null: never)
     * @param reportEvery how often a line says that sends are waiting
     */
    public StallWatch(@Nullable Duration responseTimeout, Duration reportEvery, LongSupplier nanoClock) {
        if (responseTimeout != null && (responseTimeout.isNegative() || responseTimeout.isZero())) {
            throw new IllegalArgumentException("responseTimeout must be > 0 when set, got " + responseTimeout);
        }
        if (Objects.requireNonNull(reportEvery, "reportEvery").isNegative() || reportEvery.isZero()) {
            throw new IllegalArgumentException("reportEvery must be > 0, got " + reportEvery);
        }
        this.responseTimeout = responseTimeout;
        this.reportEvery = reportEvery;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void attempted(SendOutcome outcome, Duration latency) {
        if (outcome.status() != 0) {
            lastAnswerAt = nanoClock.getAsLong();
            answered = true;
        }
    }

    /** A round of sends (a chunk's, or of retries due) starts now. */
    void chunkStarted() {
        waitingSince = nanoClock.getAsLong();
        if (!waited) {
            firstWaitAt = waitingSince;
            waited = true;
        }
        nextReportAt = waitingSince + reportEvery.toNanos();
    }

    /**
     * Called while the chunk's sends go on (on the chunk's thread).
     *
     * @param waiting sends in flight now
     * @return a line for the operator when sends have waited long without an answer
     * @throws SystemicDeliveryException when nothing has answered yet in this step, for twice the response timeout
     */
    Optional<String> check(int waiting) {
        long now = nanoClock.getAsLong();
        long quietSince = answered ? Math.max(waitingSince, lastAnswerAt) : waitingSince;
        long quiet = now - quietSince;
        long quietInStep =
                now - firstWaitAt; // over all rounds: retries of sends that timed out come in rounds of their own
        if (!answered && responseTimeout != null && quietInStep >= 2 * responseTimeout.toNanos()) {
            throw new SystemicDeliveryException(
                    String.format(
                            Locale.ROOT,
                            "SignalR service not answering: no send had an answer in %.1f s"
                                    + " (dispatcher.delivery.response-timeout %s); restart once the service answers",
                            quietInStep / 1e9,
                            durationText(responseTimeout)),
                    0);
        }
        if (waiting > 0 && now - nextReportAt >= 0) {
            nextReportAt = now + reportEvery.toNanos();
            if (quiet >= reportEvery.toNanos()) {
                return Optional.of(String.format(
                        Locale.ROOT,
                        "waiting for the service: %d sends without an answer for %d s",
                        waiting,
                        quiet / 1_000_000_000L));
            }
        }
        return Optional.empty();
    }

    private static String durationText(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
