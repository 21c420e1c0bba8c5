package io.signalranon.dispatcher.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * A frequency cap: an offer goes to one user at most {@code max} times in any window of
 * {@code days} days. A delivery counts at the as-of instant of the run that sent it.
 * @param max the most deliveries allowed inside the window, at least 1
 * @param days the length of the window in days of 24 hours, at least 1
 */
public record Cap(int max, int days) {

    public Cap {
        if (max < 1) {
            throw new IllegalArgumentException("cap max must be >= 1, was " + max);
        }
        if (days < 1) {
            throw new IllegalArgumentException("cap days must be >= 1, was " + days);
        }
    }

    /**
     * @return the length of the window
     */
    public Duration window() {
        return Duration.ofDays(this.days);
    }

    /**
     * Tells whether the cap is reached: at least {@code max} deliveries in {@code (asOf - days, asOf]}.
     * @param deliveries the instants the offer was delivered to the user, in any order
     * @param asOf the run's as-of instant
     * @return {@code true} when the offer must not be sent again now
     */
    public boolean isReached(Collection<Instant> deliveries, Instant asOf) {
        if (deliveries.size() < this.max) {
            return false;
        }
        Instant windowStart = asOf.minus(window());
        int inWindow = 0;
        for (Instant delivery : deliveries) {
            if (delivery.isAfter(windowStart) && !delivery.isAfter(asOf) && ++inWindow >= this.max) {
                return true;
            }
        }
        return false;
    }
}
