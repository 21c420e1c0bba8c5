package io.signalranon.negotiate;

/**
 * How many negotiates one client address may make: {@code perSecond} on average, {@code burst} at
 * once.
 *
 * @param perSecond the sustained rate, more than 0
 * @param burst the most at once, at least 1
 */
public record RateLimit(double perSecond, int burst) {

    /** The default: 10 per second with a burst of 20. */
    public static final RateLimit DEFAULT = new RateLimit(10, 20);

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rateLimit.perSecond must be more than 0, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rateLimit.burst must be at least 1, got " + burst);
        }
    }
}
