package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.membership.MembershipChange;
import java.time.Instant;
import java.util.Objects;

/**
 * The canonical change row every export format is read into.
 *
 * @param origin   the file it comes from (source format, input, file name)
 * @param line     line number in that file (1-based)
 * @param id       the CDP id
 * @param audience the audience (segment) id
 * @param member   true when the id is in the audience from {@code time} on
 * @param time     when the membership took this state
 */
public record ChangeRow(RowOrigin origin, long line, String id, String audience, boolean member, Instant time)
        implements IngestItem, MembershipChange {

    public ChangeRow {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public int input() {
        return origin.input();
    }

    @Override
    public int fileNo() {
        return origin.fileNo();
    }

    @Override
    public boolean snapshot() {
        return origin.snapshot();
    }
}
