package io.signalranon.dispatcher.target;

import java.util.List;
import java.util.Objects;

/**
 * A chunk's targets as a key range of DISPATCH_TARGET: the dispatch step reads the targets in key
 * order, so a chunk is every row of its job instance from its first user id to its last. Queries
 * about a chunk join this range instead of listing its ids (an {@code IN} list of hundreds of
 * parameters is re-checked row by row).
 *
 * @param jobInstanceId the run's job instance
 * @param firstUserId   the chunk's first user id, in the database's order
 * @param lastUserId    the chunk's last user id
 */
public record TargetRange(long jobInstanceId, String firstUserId, String lastUserId) {

    /** The range's rows that are not withheld, as {@code t}; parameters: {@link #bind()}. */
    public static final String REACHED =
            "t.JOB_INSTANCE_ID = ? AND t.USER_ID >= ? AND t.USER_ID <= ? AND t.WITHHELD IS NULL";

    public TargetRange {
        Objects.requireNonNull(firstUserId, "firstUserId");
        Objects.requireNonNull(lastUserId, "lastUserId");
    }

    /** The range of a non-empty chunk read in key order. */
    public static TargetRange of(long jobInstanceId, List<? extends DispatchTarget> chunk) {
        return new TargetRange(
                jobInstanceId,
                chunk.get(0).userId(),
                chunk.get(chunk.size() - 1).userId());
    }

    public Object[] bind() {
        return new Object[] {jobInstanceId, firstUserId, lastUserId};
    }
}
