package io.signalranon.dispatcher.membership;

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

import io.signalranon.dispatcher.ingest.ChangeRow;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code MEMBERSHIP} table and the run's {@code MEMBERSHIP_CHANGE} journal. Changes apply "latest
 * time wins, exit wins a tie"; the first state change of an (id, audience) in a job instance records the
 * state before it, so that net changes of the run can be found (a change that leaves the state as it was
 * needs no record: the state before a later change is then still the state before the run). Runs in the caller's transaction.
 */
public class MembershipStore {

    private static final String SELECT = "SELECT m.CDP_ID, m.AUDIENCE, m.MEMBER, m.CHANGED_AT, c.WAS_MEMBER"
            + " FROM MEMBERSHIP m LEFT JOIN MEMBERSHIP_CHANGE c ON c.JOB_INSTANCE_ID = ? AND c.CDP_ID = m.CDP_ID"
            + " AND c.AUDIENCE = m.AUDIENCE WHERE m.CDP_ID IN (";
    private static final MultiRowInsert<ChangeRow> INSERT = new MultiRowInsert<>("MEMBERSHIP",
            List.of("CDP_ID", "AUDIENCE", "MEMBER", "CHANGED_AT"), (ps, at, row) -> {
                ps.setString(at + 1, row.id());
                ps.setString(at + 2, row.audience());
                ps.setBoolean(at + 3, row.member());
                ps.setObject(at + 4, utc(row.time()));
            });
    private static final String UPDATE = "UPDATE MEMBERSHIP SET MEMBER = ?, CHANGED_AT = ? WHERE CDP_ID = ? AND AUDIENCE = ?";
    private static final MultiRowInsert<Object[]> JOURNAL = new MultiRowInsert<>("MEMBERSHIP_CHANGE",
            List.of("JOB_INSTANCE_ID", "CDP_ID", "AUDIENCE", "WAS_MEMBER"), (ps, at, row) -> {
                ps.setLong(at + 1, (Long) row[0]);
                ps.setString(at + 2, (String) row[1]);
                ps.setString(at + 3, (String) row[2]);
                ps.setBoolean(at + 4, (Boolean) row[3]);
            });
    private static final String SEEN = "MERGE INTO SNAPSHOT_SEEN t USING (VALUES (CAST(? AS BIGINT), CAST(? AS INTEGER),"
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
    public Map<Integer, Integer> apply(long jobInstanceId, List<ChangeRow> rows) {
        Map<MembershipKey, ChangeRow> winners = collapse(rows);
        Map<MembershipKey, MembershipState> stored = load(jobInstanceId, winners.keySet());
        List<ChangeRow> inserts = new ArrayList<>();
        List<ChangeRow> updates = new ArrayList<>();
        List<Object[]> journal = new ArrayList<>();
        Map<Integer, Integer> changed = new HashMap<>();
        winners.forEach((key, row) -> {
            MembershipState before = stored.get(key);
            if (before == null) {
                inserts.add(row);
            } else if (row.beats(before.member(), before.changedAt())) {
                updates.add(row);
            } else {
                return;
            }
            boolean wasMember = before != null && before.member();
            if (wasMember != row.member()) {
                if (before == null || !before.journaled()) {
                    journal.add(new Object[] {jobInstanceId, key.cdpId(), key.audience(), wasMember});
                }
                changed.merge(row.origin().input(), 1, Integer::sum);
            }
        });
        INSERT.insert(jdbc, inserts);
        batch(UPDATE, updates, (ps, row) -> {
            ps.setBoolean(1, row.member());
            ps.setObject(2, utc(row.time()));
            ps.setString(3, row.id());
            ps.setString(4, row.audience());
        });
        JOURNAL.insert(jdbc, journal);
        List<Object[]> seen = rows.stream().filter(row -> row.origin().snapshot())
                .map(row -> new Object[] {jobInstanceId, row.origin().fileNo(), row.id(), row.audience()})
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
                String.class, jobInstanceId, fileNo));
        extraAudiences.stream().filter(a -> !audiences.contains(a)).forEach(audiences::add);
        int exited = 0;
        if (!audiences.isEmpty()) {
            String absent = " m.AUDIENCE IN (" + "?, ".repeat(audiences.size() - 1) + "?) AND m.MEMBER = TRUE"
                    + " AND m.CHANGED_AT <= ? AND NOT EXISTS (SELECT 1 FROM SNAPSHOT_SEEN s WHERE s.JOB_INSTANCE_ID = ?"
                    + " AND s.FILE_NO = ? AND s.CDP_ID = m.CDP_ID AND s.AUDIENCE = m.AUDIENCE)";
            List<Object> args = new ArrayList<>(audiences);
            args.addAll(List.of(utc(snapshotTime), jobInstanceId, fileNo));
            List<Object> journalArgs = new ArrayList<>(List.of(jobInstanceId));
            journalArgs.addAll(args);
            jdbc.update("MERGE INTO MEMBERSHIP_CHANGE c USING (SELECT CAST(? AS BIGINT) AS JOB_INSTANCE_ID, m.CDP_ID,"
                    + " m.AUDIENCE, TRUE AS WAS_MEMBER FROM MEMBERSHIP m WHERE" + absent + ") s"
                    + " ON (c.JOB_INSTANCE_ID = s.JOB_INSTANCE_ID AND c.CDP_ID = s.CDP_ID AND c.AUDIENCE = s.AUDIENCE)"
                    + " WHEN NOT MATCHED THEN INSERT (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, WAS_MEMBER)"
                    + " VALUES (s.JOB_INSTANCE_ID, s.CDP_ID, s.AUDIENCE, s.WAS_MEMBER)", journalArgs.toArray());
            List<Object> updateArgs = new ArrayList<>(List.of(utc(snapshotTime)));
            updateArgs.addAll(args);
            exited = jdbc.update("UPDATE MEMBERSHIP m SET MEMBER = FALSE, CHANGED_AT = ? WHERE" + absent,
                    updateArgs.toArray());
        }
        jdbc.update("DELETE FROM SNAPSHOT_SEEN WHERE JOB_INSTANCE_ID = ? AND FILE_NO = ?", jobInstanceId, fileNo);
        return exited;
    }

    /** CDP ids whose membership changed in the job instance: some audience differs from its state before the run. */
    public long countChangedIds(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(DISTINCT c.CDP_ID) FROM MEMBERSHIP_CHANGE c JOIN MEMBERSHIP m"
                + " ON m.CDP_ID = c.CDP_ID AND m.AUDIENCE = c.AUDIENCE"
                + " WHERE c.JOB_INSTANCE_ID = ? AND c.WAS_MEMBER <> m.MEMBER", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    private static Map<MembershipKey, ChangeRow> collapse(List<ChangeRow> rows) {
        Map<MembershipKey, ChangeRow> winners = new LinkedHashMap<>();
        for (ChangeRow row : rows) {
            winners.merge(new MembershipKey(row.id(), row.audience()), row,
                    (old, now) -> now.beats(old.member(), old.time()) ? now : old);
        }
        return winners;
    }

    private Map<MembershipKey, MembershipState> load(long jobInstanceId, Set<MembershipKey> keys) {
        List<String> ids = keys.stream().map(MembershipKey::cdpId).distinct().toList();
        Map<MembershipKey, MembershipState> stored = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_SIZES[IN_SIZES.length - 1]) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_SIZES[IN_SIZES.length - 1]));
            int size = inSize(part.size());
            Object[] args = new Object[size + 1];
            args[0] = jobInstanceId;
            for (int i = 0; i < size; i++) {
                args[i + 1] = part.get(Math.min(i, part.size() - 1));
            }
            jdbc.query(SELECT + "?, ".repeat(size - 1) + "?)", rs -> {
                MembershipKey key = new MembershipKey(rs.getString(1), rs.getString(2));
                if (keys.contains(key)) {
                    boolean journaled = rs.getObject(5) != null;
                    stored.put(key, new MembershipState(rs.getBoolean(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), journaled));
                }
            }, args);
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

    private void batch(String sql, List<ChangeRow> rows, RowSetter setter) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows, rows.size(), setter::set);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface RowSetter {
        void set(PreparedStatement ps, ChangeRow row) throws SQLException;
    }
}
