package io.signalranon.dispatcher.delivery.pace;

/**
 * How many sends may be in flight: additive increase, multiplicative decrease (AIMD), driven by
 * loss. A success grows the limit (by one per success until the first cut, "slow start", then by
 * one per round trip) while the sends in flight fill at least half of it and its round trip stays
 * near the shortest recent one; a success whose round trip is beyond that tolerance ends the slow
 * start and takes one back per round trip (sends queue somewhere, at the service or on this
 * machine's CPU: more in flight would only lengthen the queue); a drop (throttled, busy, timed out)
 * that the {@link SendGate} counts as a signal cuts it by {@link #BACKOFF_RATIO}, at most once per
 * round trip: only a drop of a send admitted after the last cut counts (its {@linkplain #epoch()
 * epoch} is the current one), so a burst of drops cuts once.
 *
 * <p>The shortest round trip is the shortest of the last one or two windows of
 * {@link #RTT_WINDOW_NANOS} (as Netflix's concurrency-limits re-measures its no-load round trip
 * from time to time), not of the whole run: one fast outlier, or a service that got slower for
 * good, moves the tolerance for a window or two only. Not thread-safe: the {@link SendGate} guards
 * it.
 */
final class ConcurrencyLimit {

    /** The factor of a cut. */
    static final double BACKOFF_RATIO = 0.9;
    /** A round trip longer than this many times the shortest one (plus {@link #RTT_SLACK_NANOS}) stops growth. */
    static final double RTT_TOLERANCE = 2.0;
    /** Added to the tolerated round trip, so that a fast local service's jitter does not stop growth. */
    static final long RTT_SLACK_NANOS = 1_000_000;
    /** How long one window of the shortest round trip lasts. */
    static final long RTT_WINDOW_NANOS = 5_000_000_000L;

    private final int min;
    private final int max;
    private final boolean adaptive;
    private double limit;
    private boolean slowStart = true;
    private long epoch;
    private long windowStart = Long.MIN_VALUE;
    private long windowMinRtt = Long.MAX_VALUE;
    private long previousWindowMinRtt = Long.MAX_VALUE;

    private ConcurrencyLimit(int min, int initial, int max, boolean adaptive) {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("concurrency limits must satisfy 1 <= min <= initial <= max, got " + min
                    + ", " + initial + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.adaptive = adaptive;
        this.limit = initial;
    }

    /** A limit that adapts within {@code min..max}, starting at {@code initial}. */
    static ConcurrencyLimit adaptive(int min, int initial, int max) {
        return new ConcurrencyLimit(min, initial, max, true);
    }

    /** A limit that never changes. */
    static ConcurrencyLimit fixed(int limit) {
        return new ConcurrencyLimit(limit, limit, limit, false);
    }

    int limit() {
        return (int) limit;
    }

    int max() {
        return max;
    }

    boolean adaptive() {
        return adaptive;
    }

    /** Counts the cuts: a permit remembers the epoch it was admitted in. */
    long epoch() {
        return epoch;
    }

    /** The shortest round trip of the last one or two windows as of {@code now}, {@link Long#MAX_VALUE} if none. */
    long minRttNanos(long now) {
        roll(now);
        return Math.min(windowMinRtt, previousWindowMinRtt);
    }

    /**
     * A send ended well.
     *
     * @param now when it ended
     * @param inflight sends in flight when it ended, itself included
     * @param rttNanos its round trip
     */
    void onSuccess(long now, int inflight, long rttNanos) {
        roll(now);
        windowMinRtt = Math.min(windowMinRtt, rttNanos);
        if (!adaptive || inflight * 2 < limit) {
            return;
        }
        long shortest = Math.min(windowMinRtt, previousWindowMinRtt);
        if (rttNanos > shortest * RTT_TOLERANCE + RTT_SLACK_NANOS) {
            slowStart = false;
            limit = Math.max(min, limit - 1.0 / limit);
            return;
        }
        limit = Math.min(max, limit + (slowStart ? 1.0 : 1.0 / limit));
    }

    /**
     * A send was dropped by the service or timed out, and the gate counts it as a signal.
     *
     * @param permitEpoch the epoch its permit was admitted in
     * @return whether this drop cut the limit (a new epoch began)
     */
    boolean onDrop(long permitEpoch) {
        if (permitEpoch != epoch) {
            return false;
        }
        epoch++;
        slowStart = false;
        if (adaptive) {
            limit = Math.max(min, limit * BACKOFF_RATIO);
        }
        return true;
    }

    private void roll(long now) {
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            return;
        }
        long elapsed = now - windowStart;
        if (elapsed >= 2 * RTT_WINDOW_NANOS) {
            previousWindowMinRtt = Long.MAX_VALUE;
            windowMinRtt = Long.MAX_VALUE;
            windowStart = now;
        } else if (elapsed >= RTT_WINDOW_NANOS) {
            previousWindowMinRtt = windowMinRtt;
            windowMinRtt = Long.MAX_VALUE;
            windowStart += RTT_WINDOW_NANOS;
        }
    }
}
