package io.signalranon.dispatcher.membership;

import io.signalranon.dispatcher.jdbc.MultiRowInsert;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The portable way (H2, and any database without a bulk path): the stored state of the chunk's keys is read
 * with {@code IN} lists, compared in Java, and written with multi-row {@code INSERT}s and batched
 * {@code UPDATE}s and {@code MERGE}s.
 */
final class PortableChangeStore implements ChangeStore {

    private static final String SELECT = "SELECT CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER"
            + " FROM MEMBERSHIP WHERE CDP_ID IN (";

    /** Rows per {@code INSERT} statement (a chunk of the ingest step is thousands of rows). */
    static final int ROWS_PER_INSERT = 100;

    private static final MultiRowInsert<Write> INSERT = new MultiRowInsert<>(
            "MEMBERSHIP",
            ROWS_PER_INSERT,
            List.of("CDP_ID", "AUDIENCE", "MEMBER", "CHANGED_AT", "CHANGED_BY", "WAS_MEMBER"),
            (ps, at, write) -> {
                ps.setString(at + 1, write.row().id());
                ps.setString(at + 2, write.row().audience());
                write.setState(ps, at + 2);
            });
    private static final String UPDATE =
            "UPDATE MEMBERSHIP SET MEMBER = ?, CHANGED_AT = ?, CHANGED_BY = ?, WAS_MEMBER = ?"
                    + " WHERE CDP_ID = ? AND AUDIENCE = ?";
    private static final String SEEN =
            "MERGE INTO SNAPSHOT_SEEN t USING (VALUES (CAST(? AS BIGINT), CAST(? AS INTEGER),"
                    + " CAST(? AS VARCHAR(512)), CAST(? AS VARCHAR(512)))) AS s (JOB_INSTANCE_ID, FILE_NO, CDP_ID, AUDIENCE)"
                    + " ON (t.JOB_INSTANCE_ID = s.JOB_INSTANCE_ID AND t.FILE_NO = s.FILE_NO AND t.CDP_ID = s.CDP_ID"
                    + " AND t.AUDIENCE = s.AUDIENCE) WHEN NOT MATCHED THEN INSERT (JOB_INSTANCE_ID, FILE_NO, CDP_ID, AUDIENCE)"
                    + " VALUES (s.JOB_INSTANCE_ID, s.FILE_NO, s.CDP_ID, s.AUDIENCE)";
    private static final int[] IN_SIZES = {16, 64, 256, 1024};
    private static final String SAVE_UNDO = "MERGE INTO MEMBERSHIP_UNDO t USING (VALUES (CAST(? AS BIGINT),"
            + " CAST(? AS VARCHAR(512)), CAST(? AS VARCHAR(512)), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), CAST(? AS BOOLEAN)))"
            + " AS s (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER)"
            + " ON (t.JOB_INSTANCE_ID = s.JOB_INSTANCE_ID AND t.CDP_ID = s.CDP_ID AND t.AUDIENCE = s.AUDIENCE)"
            + " WHEN NOT MATCHED THEN INSERT (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT,"
            + " CHANGED_BY, WAS_MEMBER) VALUES (s.JOB_INSTANCE_ID, s.CDP_ID, s.AUDIENCE, s.EXISTED, s.MEMBER,"
            + " s.CHANGED_AT, s.CHANGED_BY, s.WAS_MEMBER)";

    private final JdbcTemplate jdbc;

    PortableChangeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Integer, Integer> write(long jobInstanceId, Collection<MembershipChange> winners, boolean undoable) {
        Map<MembershipKey, MembershipState> stored = load(winners);
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        Map<Integer, Integer> changed = new HashMap<>();
        for (MembershipChange row : winners) {
            MembershipState before = stored.get(new MembershipKey(row.id(), row.audience()));
            boolean storedMember;
            if (before == null) {
                storedMember = false;
                inserts.add(new Write(row, jobInstanceId, false));
            } else if (row.beats(before.member(), before.changedAt())) {
                storedMember = before.member();
                updates.add(new Write(
                        row,
                        before.changedByAfter(jobInstanceId, row.member()),
                        before.wasMemberAfter(jobInstanceId, row.member())));
            } else {
                continue;
            }
            if (storedMember != row.member()) {
                changed.merge(row.input(), 1, Integer::sum);
            }
        }
        if (undoable) {
            saveUndo(jobInstanceId, inserts, updates, stored);
        }
        INSERT.insert(jdbc, inserts);
        if (!updates.isEmpty()) {
            jdbc.batchUpdate(UPDATE, updates, updates.size(), (ps, write) -> {
                write.setState(ps, 0);
                ps.setString(5, write.row().id());
                ps.setString(6, write.row().audience());
            });
        }
        return changed;
    }

    @Override
    public void seen(long jobInstanceId, List<MembershipChange> snapshotRows) {
        List<Object[]> seen = snapshotRows.stream()
                .map(row -> new Object[] {jobInstanceId, row.fileNo(), row.id(), row.audience()})
                .toList();
        if (!seen.isEmpty()) {
            jdbc.batchUpdate(SEEN, seen);
        }
    }

    private void saveUndo(
            long jobInstanceId, List<Write> inserts, List<Write> updates, Map<MembershipKey, MembershipState> stored) {
        List<Object[]> undo = new ArrayList<>(inserts.size() + updates.size());
        for (Write write : inserts) {
            undo.add(new Object[] {
                jobInstanceId,
                write.row().id(),
                write.row().audience(),
                false,
                false,
                utc(write.row().time()),
                0L,
                false
            });
        }
        for (Write write : updates) {
            MembershipState before = Objects.requireNonNull(
                    stored.get(new MembershipKey(write.row().id(), write.row().audience())),
                    "an update has a stored state");
            undo.add(new Object[] {
                jobInstanceId,
                write.row().id(),
                write.row().audience(),
                true,
                before.member(),
                utc(before.changedAt()),
                before.changedBy(),
                before.wasMember()
            });
        }
        if (!undo.isEmpty()) {
            jdbc.batchUpdate(SAVE_UNDO, undo);
        }
    }

    private Map<MembershipKey, MembershipState> load(Collection<MembershipChange> winners) {
        Set<MembershipKey> keys = new HashSet<>();
        for (MembershipChange row : winners) {
            keys.add(new MembershipKey(row.id(), row.audience()));
        }
        List<String> ids = keys.stream().map(MembershipKey::cdpId).distinct().toList();
        Map<MembershipKey, MembershipState> stored = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_SIZES[IN_SIZES.length - 1]) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_SIZES[IN_SIZES.length - 1]));
            int size = inSize(part.size());
            Object[] args = new Object[size];
            for (int i = 0; i < size; i++) {
                args[i] = part.get(Math.min(i, part.size() - 1));
            }
            jdbc.query(
                    SELECT + "?, ".repeat(size - 1) + "?)",
                    rs -> {
                        MembershipKey key = new MembershipKey(rs.getString(1), rs.getString(2));
                        if (keys.contains(key)) {
                            stored.put(
                                    key,
                                    new MembershipState(
                                            rs.getBoolean(3),
                                            rs.getObject(4, OffsetDateTime.class)
                                                    .toInstant(),
                                            rs.getLong(5),
                                            rs.getBoolean(6)));
                        }
                    },
                    args);
        }
        return stored;
    }

    private static int inSize(int count) {
        for (int size : IN_SIZES) {
            if (count <= size) {
                return size;
            }
        }
        return IN_SIZES[IN_SIZES.length - 1];
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A row to write: the winning change and the journal columns that go with it. */
    private record Write(MembershipChange row, long changedBy, boolean wasMember) {

        void setState(PreparedStatement ps, int at) throws SQLException {
            ps.setBoolean(at + 1, row.member());
            ps.setObject(at + 2, utc(row.time()));
            ps.setLong(at + 3, changedBy);
            ps.setBoolean(at + 4, wasMember);
        }
    }
}
