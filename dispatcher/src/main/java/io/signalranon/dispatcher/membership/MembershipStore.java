package io.signalranon.dispatcher.membership;

import io.signalranon.dispatcher.jdbc.MultiRowInsert;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code MEMBERSHIP} table. Changes apply "latest time wins, exit wins a tie". Each row also says which
 * job instance last changed its state ({@code CHANGED_BY}) and the state before that instance's first
 * change ({@code WAS_MEMBER}), so the net changes of a run are its rows where {@code WAS_MEMBER <> MEMBER}
 * (a later run that changes the row again takes it over, and targets the user itself). Keeping this
 * journal in the row itself costs no second table write per change. Runs in the caller's transaction.
 */
public class MembershipStore {

    private static final String SELECT = "SELECT CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER"
            + " FROM MEMBERSHIP WHERE CDP_ID IN (";
    /**
     * A query of each CDP id whose membership changed in the job instance given as its one parameter,
     * once: the row of its first changed audience. No {@code DISTINCT}: over millions of ids the database
     * would hold them all in memory (for a count) or sort them in a temporary file.
     */
    public static final String CHANGED_IDS = "SELECT m.CDP_ID FROM MEMBERSHIP m"
            + " WHERE m.CHANGED_BY = ? AND m.WAS_MEMBER <> m.MEMBER AND NOT EXISTS (SELECT 1 FROM MEMBERSHIP p"
            + " WHERE p.CDP_ID = m.CDP_ID AND p.AUDIENCE < m.AUDIENCE AND p.CHANGED_BY = m.CHANGED_BY"
            + " AND p.WAS_MEMBER <> p.MEMBER)";

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

    private final JdbcTemplate jdbc;

    public MembershipStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies change rows: duplicates within the list collapse first, then each (id, audience) is
     * compared with the stored state.
     *
     * @return per row origin input index, the number of memberships whose state changed
     */
    public Map<Integer, Integer> apply(long jobInstanceId, List<? extends MembershipChange> rows) {
        Map<MembershipKey, MembershipChange> winners = collapse(rows);
        Map<MembershipKey, MembershipState> stored = load(winners.keySet());
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        Map<Integer, Integer> changed = new HashMap<>();
        winners.forEach((key, row) -> {
            MembershipState before = stored.get(key);
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
                return;
            }
            if (storedMember != row.member()) {
                changed.merge(row.input(), 1, Integer::sum);
            }
        });
        INSERT.insert(jdbc, inserts);
        if (!updates.isEmpty()) {
            jdbc.batchUpdate(UPDATE, updates, updates.size(), (ps, write) -> {
                write.setState(ps, 0);
                ps.setString(5, write.row().id());
                ps.setString(6, write.row().audience());
            });
        }
        List<Object[]> seen = rows.stream()
                .filter(row -> row.snapshot())
                .map(row -> new Object[] {jobInstanceId, row.fileNo(), row.id(), row.audience()})
                .toList();
        if (!seen.isEmpty()) {
            jdbc.batchUpdate(SEEN, seen);
        }
        return changed;
    }

    /**
     * Ends a snapshot file: every member of the covered audiences that the file did not list, and whose
     * state is not newer than the snapshot, exits at the snapshot time.
     *
     * @return the number of memberships that exited
     */
    public int exitAbsent(long jobInstanceId, int fileNo, Instant snapshotTime, Set<String> extraAudiences) {
        List<String> audiences = new ArrayList<>(jdbc.queryForList(
                "SELECT DISTINCT AUDIENCE FROM SNAPSHOT_SEEN WHERE JOB_INSTANCE_ID = ? AND FILE_NO = ?",
                String.class,
                jobInstanceId,
                fileNo));
        extraAudiences.stream().filter(a -> !audiences.contains(a)).forEach(audiences::add);
        int exited = 0;
        if (!audiences.isEmpty()) {
            String absent = " m.AUDIENCE IN (" + "?, ".repeat(audiences.size() - 1) + "?) AND m.MEMBER = TRUE"
                    + " AND m.CHANGED_AT <= ? AND NOT EXISTS (SELECT 1 FROM SNAPSHOT_SEEN s WHERE s.JOB_INSTANCE_ID = ?"
                    + " AND s.FILE_NO = ? AND s.CDP_ID = m.CDP_ID AND s.AUDIENCE = m.AUDIENCE)";
            List<Object> args = new ArrayList<>(audiences);
            args.addAll(List.of(utc(snapshotTime), jobInstanceId, fileNo));
            List<Object> updateArgs = new ArrayList<>(List.of(utc(snapshotTime), jobInstanceId, jobInstanceId));
            updateArgs.addAll(args);
            exited = jdbc.update(
                    "UPDATE MEMBERSHIP m SET MEMBER = FALSE, CHANGED_AT = ?,"
                            + " WAS_MEMBER = CASE WHEN m.CHANGED_BY = ? THEN m.WAS_MEMBER ELSE TRUE END, CHANGED_BY = ?"
                            + " WHERE" + absent,
                    updateArgs.toArray());
        }
        jdbc.update("DELETE FROM SNAPSHOT_SEEN WHERE JOB_INSTANCE_ID = ? AND FILE_NO = ?", jobInstanceId, fileNo);
        return exited;
    }

    /** CDP ids whose membership changed in the job instance: some audience differs from its state before the run. */
    public long countChangedIds(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM (" + CHANGED_IDS + ") c", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    private static Map<MembershipKey, MembershipChange> collapse(List<? extends MembershipChange> rows) {
        Map<MembershipKey, MembershipChange> winners = new LinkedHashMap<>();
        for (MembershipChange row : rows) {
            winners.merge(
                    new MembershipKey(row.id(), row.audience()),
                    row,
                    (old, now) -> now.beats(old.member(), old.time()) ? now : old);
        }
        return winners;
    }

    private Map<MembershipKey, MembershipState> load(Set<MembershipKey> keys) {
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
