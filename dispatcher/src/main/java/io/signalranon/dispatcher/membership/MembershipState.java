package io.signalranon.dispatcher.membership;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one (id, audience).
 *
 * @param member    in the audience or not
 * @param changedAt when that state began
 * @param changedBy the job instance that last changed {@code member}
 * @param wasMember {@code member} before that instance's first change
 */
record MembershipState(boolean member, Instant changedAt, long changedBy, boolean wasMember) {

    MembershipState {
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /**
     * The journal columns after {@code member} becomes {@code now} in a job instance: the instance's first
     * change records the state before it; later changes in the same instance keep that record.
     */
    boolean wasMemberAfter(long jobInstanceId, boolean now) {
        if (now == member) {
            return wasMember;
        }
        return changedBy == jobInstanceId ? wasMember : member;
    }

    long changedByAfter(long jobInstanceId, boolean now) {
        return now == member ? changedBy : jobInstanceId;
    }
}
