package io.signalranon.emulator.limit;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long the service takes to answer: fixed ({@code min == max}) or uniform in {@code min..max}.
 *
 * @param min shortest latency (not negative)
 * @param max longest latency (at least {@code min})
 */
public record Latency(Duration min, Duration max) {

    /** No latency. */
    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    public Latency {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency's max must be >= its min, got " + min + ".." + max);
        }
    }

    /** A fixed latency. */
    public static Latency of(Duration latency) {
        return new Latency(latency, latency);
    }

    /**
     * Parses {@code MS} or {@code MIN..MAX} (milliseconds).
     *
     * @throws IllegalArgumentException stating the form
     */
    public static Latency parse(String text) {
        try {
            int dots = text.indexOf("..");
            if (dots < 0) {
                return of(Duration.ofMillis(Long.parseLong(text.trim())));
            }
            return new Latency(
                    Duration.ofMillis(Long.parseLong(text.substring(0, dots).trim())),
                    Duration.ofMillis(Long.parseLong(text.substring(dots + 2).trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latency must be MS or MIN..MAX in milliseconds, got '" + text + "'");
        }
    }

    public boolean isZero() {
        return max.isZero();
    }

    /** The latency of one call. */
    public Duration next(RandomGenerator random) {
        long spread = max.toNanos() - min.toNanos();
        return spread == 0 ? min : min.plusNanos(random.nextLong(spread + 1));
    }
}
