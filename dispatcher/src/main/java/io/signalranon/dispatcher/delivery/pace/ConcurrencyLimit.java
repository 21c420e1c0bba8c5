package io.signalranon.dispatcher.delivery.pace;

/**
 * How many sends may be in flight: additive increase, multiplicative decrease (AIMD), driven by
 * loss. A success grows the limit while the sends in flight fill at least half of it and its round
 * trip stays near the shortest recent one: by one per success until the first cut ("slow start"),
 * then by one per round trip, doubled for every {@link #CALM_ROUNDS} round trips in a row with
 * nearly no slow success, up to {@link #MAX_GROWTH} per round trip (a service 20 ms away that needs
 * 200 in flight is not reached in a short run at one per round trip). A success whose round trip is
 * beyond that tolerance takes one back per round trip (sends queue somewhere, at the service or on
 * this machine's CPU: more in flight would only lengthen the queue) and starts the count of calm
 * round trips again. The slow start ends once most successes of a round trip (a limit's worth) were
 * beyond the tolerance: a few slow answers while the JIT compiles or a collection runs are not a
 * queue. A drop (throttled, busy, timed out) that the {@link SendGate} counts as a signal cuts the
 * limit by {@link #BACKOFF_RATIO}, at most once per round trip: only a drop of a send admitted after
 * the last cut counts (its {@linkplain #epoch() epoch} is the current one), so a burst of drops cuts
 * once; a cut ends the slow start and starts the count of calm round trips again.
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
    /** The most slow successes of a round trip that is calm, as a share of it. */
    static final double CALM_SLOW_SHARE = 0.125;
    /** Calm round trips in a row that double the growth after the slow start. */
    static final int CALM_ROUNDS = 4;
    /** The most one round trip adds to the limit after the slow start. */
    static final double MAX_GROWTH = 8;
    /** How long one window of the shortest round trip lasts. */
    static final long RTT_WINDOW_NANOS = 5_000_000_000L;

    private final int min;
    private final int max;
    private final boolean adaptive;
    private double limit;
    private boolean slowStart = true;
    private int roundSuccesses; // successes of the round trip being counted
    private int roundSlow; // of which beyond the tolerance
    private int calmRounds; // round trips in a row, since the slow start or the last cut, nearly all fast
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
        boolean slow = rttNanos > shortest * RTT_TOLERANCE + RTT_SLACK_NANOS;
        countRound(slow);
        if (slow) {
            limit = Math.max(min, limit - 1.0 / limit);
            return;
        }
        limit = Math.min(max, limit + (slowStart ? 1.0 : growthPerRoundTrip() / limit));
    }

    /**
     * Counts a success into the round trip being counted (a limit's worth of successes): in slow
     * start, most of them slow end it; after it, a round trip whose successes were nearly all fast
     * (at most {@link #CALM_SLOW_SHARE} slow) counts towards {@link #CALM_ROUNDS}, any other starts
     * the count again.
     */
    private void countRound(boolean slow) {
        roundSuccesses++;
        if (slow) {
            roundSlow++;
        }
        if (slowStart && roundSlow * 2 > Math.max(roundSuccesses, (int) limit)) {
            slowStart = false;
            calmRounds = 0;
            roundSuccesses = 0;
            roundSlow = 0;
        } else if (roundSuccesses >= (int) limit) {
            calmRounds = roundSlow <= CALM_SLOW_SHARE * roundSuccesses ? calmRounds + 1 : 0;
            roundSuccesses = 0;
            roundSlow = 0;
        }
    }

    /**
     * What a round trip of fast successes adds after the slow start: one, doubled for every
     * {@link #CALM_ROUNDS} calm round trips in a row, up to {@link #MAX_GROWTH}.
     */
    private double growthPerRoundTrip() {
        return Math.min(MAX_GROWTH, Math.scalb(1.0, calmRounds / CALM_ROUNDS));
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
        calmRounds = 0;
        roundSuccesses = 0;
        roundSlow = 0;
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
