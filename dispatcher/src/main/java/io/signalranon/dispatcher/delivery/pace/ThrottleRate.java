package io.signalranon.dispatcher.delivery.pace;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The send rate the service allows, learnt from its 429s: unlimited until the first one; then, at
 * each throttling cut, {@link #CUT_RATIO} of the rate the service accepted: over the last second at
 * the first cut, then since the last cut or over the last second, whichever is higher. Each cut
 * measures the service anew rather than cutting the rate before, so a service that still throttles
 * for a while after a cut does not compound the cuts down to the floor, and the one-second burst a
 * token bucket allows at the start does not count after the first cut. The last second keeps a cut
 * from being measured on a moment with little to send (the tail of a chunk, messages waiting out
 * their back-off): those accept little because little was sent, not because the service allows
 * little. Cuts come at most every {@link #CUT_INTERVAL_NANOS}, or sooner (after
 * {@link #EARLY_CUT_INTERVAL_NANOS}) once {@link #EARLY_CUT_THROTTLES} sends were throttled since the
 * last one: at a round trip of a millisecond, a tenth of a second at a rate far too high is a
 * hundred round trips of 429s;
 * growing again with each accepted send (by about {@link #GROWTH_PER_SECOND} of itself per second,
 * at least {@link #MIN_GROWTH_PER_SECOND} sends/s per second) up to twice the accepted rate (beyond
 * that it stops growing; only a cut lowers it, so a moment with little accepted does not).
 * A concurrency limit alone cannot hold a rate finer than one send per round trip (at 1 ms a
 * round trip, one send more in flight is 1,000 sends/s more): this can.
 *
 * <p>Time the gate paused every send ({@link #onPause}) is not time the service was asked: it is left
 * out of every span a rate is measured over, so a cut after a pause measures the service, not the
 * pause. The gate decides which 429s are a signal ({@link #onThrottled}); a few at random are not.
 * Not thread-safe: the {@link SendGate} guards it.
 */
final class ThrottleRate {

    static final double CUT_RATIO = 0.9;
    /**
     * The most one cut takes off a learnt rate, as a factor: a measurement on a moment with little
     * to send cannot take the rate to the floor at once; a rate far too high still halves every cut.
     */
    static final double MAX_CUT = 0.5;

    static final double GROWTH_PER_SECOND = 0.03;
    static final double MIN_GROWTH_PER_SECOND = 10;
    /** The lowest rate, sends/s: a service that throttles everything still hears from us, slowly. */
    static final double FLOOR = 1;
    /** The shortest time between two cuts, and the shortest span the accepted rate is measured over. */
    static final long CUT_INTERVAL_NANOS = 100_000_000L;
    /** The shortest time between two cuts when many sends were throttled since the last one. */
    static final long EARLY_CUT_INTERVAL_NANOS = 10_000_000L;
    /** Throttled sends since the last cut that allow the next one early. */
    static final int EARLY_CUT_THROTTLES = 20;

    private static final int SLOTS = 10;
    private static final long SLOT_NANOS = 100_000_000;

    private final long[] accepted = new long[SLOTS];
    private long currentSlot = Long.MIN_VALUE;
    private long acceptedLastSecond;
    private double rate = Double.POSITIVE_INFINITY;
    private long cutAt;
    private long acceptedSinceCut;
    private int throttledSinceCut;
    private long measuredSince = Long.MIN_VALUE; // the first accepted send
    private final Deque<long[]> pauses = new ArrayDeque<>(); // [from, until) of the pauses of the last second or so

    /** Sends/s allowed; infinite before the first throttling. */
    double rate() {
        return rate;
    }

    /**
     * Sends/s the service accepted over the last second as of {@code now} (over the time since the
     * first accepted send when that is shorter, but at least a tenth of a second: a throttling in the
     * run's first second is measured against what was sent so far, not against a whole second).
     */
    double acceptedRate(long now) {
        advance(now);
        if (measuredSince == Long.MIN_VALUE) {
            return 0;
        }
        long windowStart = Math.max(measuredSince, (currentSlot - (SLOTS - 1)) * SLOT_NANOS);
        return acceptedLastSecond * 1e9 / Math.max(SLOT_NANOS, activeNanos(windowStart, now));
    }

    /** The service accepted a send at {@code now}. */
    void onAccepted(long now) {
        advance(now);
        if (measuredSince == Long.MIN_VALUE) {
            measuredSince = now;
        }
        accepted[(int) Math.floorMod(currentSlot, (long) SLOTS)]++;
        acceptedLastSecond++;
        acceptedSinceCut++;
        if (Double.isFinite(rate)) {
            double growth = Math.max(rate * GROWTH_PER_SECOND, MIN_GROWTH_PER_SECOND) / rate;
            double cap = Math.max(2.0 * acceptedRate(now), FLOOR + MIN_GROWTH_PER_SECOND);
            if (rate < cap) { // growth stops far above what is accepted; only a cut lowers the rate
                rate = Math.min(rate + growth, cap);
            }
        }
    }

    /** The service throttled a send at {@code now}. */
    void onThrottled(long now) {
        throttledSinceCut++;
        if (activeNanos(now - SLOTS * SLOT_NANOS, now) < CUT_INTERVAL_NANOS) {
            return; // the last second was (nearly) all our own pause: nothing to measure the service on
        }
        double base;
        if (Double.isInfinite(rate)) {
            base = acceptedRate(now);
        } else {
            long sinceCut = now - cutAt;
            if (sinceCut < CUT_INTERVAL_NANOS
                    && (throttledSinceCut < EARLY_CUT_THROTTLES || sinceCut < EARLY_CUT_INTERVAL_NANOS)) {
                return;
            }
            base = Math.max(acceptedSinceCut * 1e9 / Math.max(1, activeNanos(cutAt, now)), acceptedRate(now));
        }
        rate = Math.max(FLOOR, Double.isInfinite(rate) ? CUT_RATIO * base : Math.max(CUT_RATIO * base, MAX_CUT * rate));
        cutAt = now;
        acceptedSinceCut = 0;
        throttledSinceCut = 0;
    }

    /** Every send waits from {@code from} until {@code until}: that time is measured as no time at all. */
    void onPause(long from, long until) {
        long[] last = pauses.peekLast();
        if (last != null && from - last[1] <= 0) {
            last[1] = Math.max(last[1], until);
        } else {
            pauses.addLast(new long[] {from, until});
        }
    }

    /** The time from {@code from} to {@code to} that was not paused. */
    private long activeNanos(long from, long to) {
        while (pauses.size() > 1 && pauses.peekFirst()[1] - (to - 10 * SLOTS * SLOT_NANOS) < 0) {
            pauses.pollFirst(); // older than anything measured now
        }
        long active = to - from;
        for (long[] pause : pauses) {
            long start = Math.max(pause[0], from);
            long end = Math.min(pause[1], to);
            if (end - start > 0) {
                active -= end - start;
            }
        }
        return Math.max(active, 0);
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
