package io.signalranon.dispatcher.delivery;

import java.util.Arrays;

/**
 * The send rate the service allows, learnt from its 429s: unlimited until the first one; then, at
 * each throttling cut, {@link #CUT_RATIO} of the rate the service accepted over the last second,
 * growing again with each accepted send (by about {@link #GROWTH_PER_SECOND} of itself per second,
 * at least {@link #MIN_GROWTH_PER_SECOND} sends/s per second) up to twice the accepted rate.
 * A concurrency limit alone cannot hold a rate finer than one send per round trip (at 1 ms a
 * round trip, one send more in flight is 1,000 sends/s more): this can. Not thread-safe: the
 * {@link SendGate} guards it.
 */
final class ThrottleRate {

    static final double CUT_RATIO = 0.9;
    static final double GROWTH_PER_SECOND = 0.03;
    static final double MIN_GROWTH_PER_SECOND = 10;
    /** The lowest rate, sends/s: a service that throttles everything still hears from us, slowly. */
    static final double FLOOR = 1;

    private static final int SLOTS = 10;
    private static final long SLOT_NANOS = 100_000_000;

    private final long[] accepted = new long[SLOTS];
    private long currentSlot = Long.MIN_VALUE;
    private long acceptedLastSecond;
    private double rate = Double.POSITIVE_INFINITY;

    /** Sends/s allowed; infinite before the first throttling. */
    double rate() {
        return rate;
    }

    /** Sends/s the service accepted over the last second's complete tenths, as of {@code now}. */
    double acceptedRate(long now) {
        advance(now);
        long current = accepted[(int) Math.floorMod(currentSlot, (long) SLOTS)];
        return (acceptedLastSecond - current) * 1e9 / ((SLOTS - 1) * SLOT_NANOS);
    }

    /** The service accepted a send at {@code now}. */
    void onAccepted(long now) {
        advance(now);
        accepted[(int) Math.floorMod(currentSlot, (long) SLOTS)]++;
        acceptedLastSecond++;
        if (Double.isFinite(rate)) {
            double growth = Math.max(rate * GROWTH_PER_SECOND, MIN_GROWTH_PER_SECOND) / rate;
            rate = Math.min(rate + growth, Math.max(2.0 * acceptedRate(now), FLOOR + MIN_GROWTH_PER_SECOND));
        }
    }

    /** The service throttled a send admitted after the last cut, at {@code now}. */
    void onThrottled(long now) {
        rate = Math.max(FLOOR, CUT_RATIO * Math.min(rate, acceptedRate(now)));
    }

    private void advance(long now) {
        long slot = Math.floorDiv(now, SLOT_NANOS);
        if (currentSlot == Long.MIN_VALUE || slot - currentSlot >= SLOTS) {
            Arrays.fill(accepted, 0);
            acceptedLastSecond = 0;
        } else {
            for (long s = currentSlot + 1; s <= slot; s++) {
                int index = (int) Math.floorMod(s, (long) SLOTS);
                acceptedLastSecond -= accepted[index];
                accepted[index] = 0;
            }
        }
        if (slot > currentSlot || currentSlot == Long.MIN_VALUE) {
            currentSlot = slot;
        }
    }
}
