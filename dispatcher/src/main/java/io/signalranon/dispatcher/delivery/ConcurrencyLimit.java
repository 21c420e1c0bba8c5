package io.signalranon.dispatcher.delivery;

/**
 * How many sends may be in flight: additive increase, multiplicative decrease (AIMD), driven by
 * loss. A success grows the limit (by one per success until the first drop, "slow start", then by
 * one per round trip) while the sends in flight fill at least half of it and its round trip stays
 * near the shortest seen; a success whose round trip is beyond that tolerance ends the slow start
 * and takes one back per round trip (sends queue somewhere, at the service or on this machine's
 * CPU: more in flight would only lengthen the queue); a drop (throttled, busy, timed out) cuts it by {@link #BACKOFF_RATIO},
 * at most once per round trip: only a drop of a send admitted after the last cut counts (its
 * {@linkplain #epoch() epoch} is the current one), so a burst of drops cuts once. Not thread-safe:
 * the {@link SendGate} guards it.
 */
final class ConcurrencyLimit {

    /** The factor of a cut. */
    static final double BACKOFF_RATIO = 0.9;
    /** A round trip longer than this many times the shortest one (plus {@link #RTT_SLACK_NANOS}) stops growth. */
    static final double RTT_TOLERANCE = 2.0;
    /** Added to the tolerated round trip, so that a fast local service's jitter does not stop growth. */
    static final long RTT_SLACK_NANOS = 1_000_000;

    private final int min;
    private final int max;
    private final boolean adaptive;
    private double limit;
    private boolean slowStart = true;
    private long epoch;
    private long minRttNanos = Long.MAX_VALUE;

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

    /**
     * A send ended well.
     *
     * @param inflight sends in flight when it ended, itself included
     * @param rttNanos its round trip
     */
    void onSuccess(int inflight, long rttNanos) {
        minRttNanos = Math.min(minRttNanos, rttNanos);
        if (!adaptive || inflight * 2 < limit) {
            return;
        }
        if (rttNanos > minRttNanos * RTT_TOLERANCE + RTT_SLACK_NANOS) {
            slowStart = false;
            limit = Math.max(min, limit - 1.0 / limit);
            return;
        }
        limit = Math.min(max, limit + (slowStart ? 1.0 : 1.0 / limit));
    }

    /**
     * A send was dropped by the service or timed out.
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
}
