package io.signalranon.emulator.limit;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The service's limits that the emulator models: REST calls per second ({@value #CALLS_PER_UNIT}
 * per unit, a token bucket holding one second of calls; beyond it 429, with {@code Retry-After}
 * when asked) and the latency of every answer, throttled ones included.
 *
 * @param units units of the service, 0 for no rate limit
 * @param retryAfter whether a 429 carries {@code Retry-After} (whole seconds until the next call is allowed)
 * @param latency how long each answer takes
 * @param nanoClock the token bucket's clock
 */
public record ServiceLimits(int units, boolean retryAfter, Latency latency, LongSupplier nanoClock) {

    /** REST calls per second per unit. */
    public static final int CALLS_PER_UNIT = 1_000;

    private static final LongSupplier SYSTEM_CLOCK = System::nanoTime;

    /** No limits. */
    public static final ServiceLimits NONE = new ServiceLimits(0, false, Latency.NONE, SYSTEM_CLOCK);

    public ServiceLimits {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (units < 0) {
            throw new IllegalArgumentException("units must be >= 0, got " + units);
        }
    }

    /** Limits of {@code units} units (0: unlimited), without Retry-After, no latency, on the system clock. */
    public static ServiceLimits units(int units) {
        return new ServiceLimits(units, false, Latency.NONE, SYSTEM_CLOCK);
    }

    public ServiceLimits withRetryAfter(boolean retryAfter) {
        return new ServiceLimits(units, retryAfter, latency, nanoClock);
    }

    public ServiceLimits withLatency(Latency latency) {
        return new ServiceLimits(units, retryAfter, latency, nanoClock);
    }

    public ServiceLimits withClock(LongSupplier nanoClock) {
        return new ServiceLimits(units, retryAfter, latency, nanoClock);
    }

    public boolean isNone() {
        return units == 0 && latency.isZero();
    }

    /** A token bucket of these limits, or {@code null} when there is no rate limit. */
    @Nullable TokenBucket bucket() {
        if (units == 0) {
            return null;
        }
        double rate = (double) units * CALLS_PER_UNIT;
        return new TokenBucket(rate, rate, nanoClock);
    }
}
