package io.signalranon.dispatcher.delivery.pace;

import java.util.Arrays;

/**
 * The attempts that ended over the last second, in ten slots of a tenth of a second: how many, how
 * many the service throttled (429) or said it was busy (429 or 503), and how many were drops (429,
 * 503, 504, 408, no response). The {@link SendGate} reads shares from it to tell a service that
 * throttles a few sends at random (noise: delay that message alone) from one we drive too hard
 * (a signal: slow everyone down). Not thread-safe: the gate guards it.
 */
final class RecentOutcomes {

    private static final int SLOTS = 10;
    private static final long SLOT_NANOS = 100_000_000;

    private final long[] ended = new long[SLOTS];
    private final long[] throttled = new long[SLOTS];
    private final long[] busy = new long[SLOTS];
    private final long[] drops = new long[SLOTS];
    private long currentSlot = Long.MIN_VALUE;

    /** Counts one attempt that ended at {@code now}. */
    void add(long now, boolean wasThrottled, boolean wasBusy, boolean wasDrop) {
        int slot = advance(now);
        ended[slot]++;
        if (wasThrottled) {
            throttled[slot]++;
        }
        if (wasBusy) {
            busy[slot]++;
        }
        if (wasDrop) {
            drops[slot]++;
        }
    }

    /** Attempts that ended over the last second. */
    long ended(long now) {
        advance(now);
        return sum(ended);
    }

    /** Attempts answered 429 over the last second. */
    long throttled(long now) {
        advance(now);
        return sum(throttled);
    }

    /** Attempts answered 429 or 503 over the last second. */
    long busy(long now) {
        advance(now);
        return sum(busy);
    }

    /** Drops over the last second. */
    long drops(long now) {
        advance(now);
        return sum(drops);
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    private int advance(long now) {
        long slot = Math.floorDiv(now, SLOT_NANOS);
        if (currentSlot == Long.MIN_VALUE || slot - currentSlot >= SLOTS) {
            clearAll();
        } else {
            for (long s = currentSlot + 1; s <= slot; s++) {
                clear((int) Math.floorMod(s, (long) SLOTS));
            }
        }
        if (currentSlot == Long.MIN_VALUE || slot > currentSlot) {
            currentSlot = slot;
        }
        return (int) Math.floorMod(currentSlot, (long) SLOTS);
    }

    private void clearAll() {
        Arrays.fill(ended, 0);
        Arrays.fill(throttled, 0);
        Arrays.fill(busy, 0);
        Arrays.fill(drops, 0);
    }

    private void clear(int index) {
        ended[index] = 0;
        throttled[index] = 0;
        busy[index] = 0;
        drops[index] = 0;
    }
}
