package io.signalranon.dispatcher.membership;

import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code MEMBERSHIP} table. Changes apply "latest time wins, exit wins a tie". Each row also says which
 * job instance last changed its state ({@code CHANGED_BY}) and the state before that instance's first
 * change ({@code WAS_MEMBER}), so the net changes of a run are its rows where {@code WAS_MEMBER <> MEMBER}
 * (a later run that changes the row again takes it over, and targets the user itself). Keeping this
 * journal in the row itself costs no second table write per change. A dry run's changes are undoable: the
 * state of each row before its first change goes to {@code MEMBERSHIP_UNDO}, and {@link #undo} puts it back.
 * Runs in the caller's transaction. How a chunk of changes is written depends on the database (a
 * {@link ChangeStore}: {@code COPY} on PostgreSQL, portable statements elsewhere); everything else is
 * portable SQL.
 */
public class MembershipStore {

    /**
     * A query of each CDP id whose membership changed in the job instance given as its one parameter,
     * once: the row of its first changed audience. No {@code DISTINCT}: over millions of ids the database
     * would hold them all in memory (for a count) or sort them in a temporary file.
     */
    public static final String CHANGED_IDS = "SELECT m.CDP_ID FROM MEMBERSHIP m"
            + " WHERE m.CHANGED_BY = ? AND m.WAS_MEMBER <> m.MEMBER AND NOT EXISTS (SELECT 1 FROM MEMBERSHIP p"
            + " WHERE p.CDP_ID = m.CDP_ID AND p.AUDIENCE < m.AUDIENCE AND p.CHANGED_BY = m.CHANGED_BY"
            + " AND p.WAS_MEMBER <> p.MEMBER)";

    /** The owner of changes released by a failed run, waiting for the next run (job instance ids start at 1). */
    public static final long RELEASED = 0;

    private static final String UNDO_MATCH = " FROM MEMBERSHIP_UNDO u WHERE u.JOB_INSTANCE_ID = ?"
            + " AND u.CDP_ID = m.CDP_ID AND u.AUDIENCE = m.AUDIENCE";
    private static final String UNDO_INSERTED =
            "DELETE FROM MEMBERSHIP m WHERE EXISTS (SELECT 1" + UNDO_MATCH + " AND u.EXISTED = FALSE)";
    private static final String UNDO_UPDATED = "UPDATE MEMBERSHIP m SET MEMBER = (SELECT u.MEMBER" + UNDO_MATCH
            + "), CHANGED_AT = (SELECT u.CHANGED_AT" + UNDO_MATCH + "), CHANGED_BY = (SELECT u.CHANGED_BY"
            + UNDO_MATCH + "), WAS_MEMBER = (SELECT u.WAS_MEMBER" + UNDO_MATCH + ")"
            + " WHERE EXISTS (SELECT 1" + UNDO_MATCH + " AND u.EXISTED = TRUE)";

    private final JdbcTemplate jdbc;
    private volatile @Nullable ChangeStore changes;

    public MembershipStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How changes are written on this store's database, found on first use. */
    private ChangeStore changes() {
        ChangeStore known = changes;
        if (known == null) {
            known = ChangeStore.forDatabase(jdbc);
            changes = known;
        }
        return known;
    }

    /**
     * Applies change rows: duplicates within the list collapse first, then each (id, audience) is
     * compared with the stored state.
     *
     * @return per row origin input index, the number of memberships whose state changed
     */
    public Map<Integer, Integer> apply(long jobInstanceId, List<? extends MembershipChange> rows) {
        return apply(jobInstanceId, rows, false);
    }

    /**
     * Applies change rows as {@link #apply(long, List)} does; when {@code undoable} (a dry run), first keeps
     * the state of each row before the instance's first change to it, for {@link #undo}.
     */
    public Map<Integer, Integer> apply(long jobInstanceId, List<? extends MembershipChange> rows, boolean undoable) {
        Map<MembershipKey, MembershipChange> winners = collapse(rows);
        Map<Integer, Integer> changed = changes().write(jobInstanceId, winners.values(), undoable);
        List<MembershipChange> seen = new ArrayList<>();
        for (MembershipChange row : rows) {
            if (row.snapshot()) {
                seen.add(row);
            }
        }
        changes().seen(jobInstanceId, seen);
        return changed;
    }

    /**
     * Ends a snapshot file: every member of the covered audiences that the file did not list, and whose
     * state is not newer than the snapshot, exits at the snapshot time.
     *
     * @return the number of memberships that exited
     */
    public int exitAbsent(long jobInstanceId, int fileNo, Instant snapshotTime, Set<String> extraAudiences) {
        return exitAbsent(jobInstanceId, fileNo, snapshotTime, extraAudiences, false);
    }

    /** Ends a snapshot file as {@link #exitAbsent(long, int, Instant, Set)} does, undoably for a dry run. */
    public int exitAbsent(
            long jobInstanceId, int fileNo, Instant snapshotTime, Set<String> extraAudiences, boolean undoable) {
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
            if (undoable) {
                List<Object> undoArgs = new ArrayList<>(List.of(jobInstanceId));
                undoArgs.addAll(args);
                undoArgs.add(jobInstanceId);
                jdbc.update(
                        "INSERT INTO MEMBERSHIP_UNDO (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT,"
                                + " CHANGED_BY, WAS_MEMBER) SELECT ?, m.CDP_ID, m.AUDIENCE, TRUE, m.MEMBER, m.CHANGED_AT,"
                                + " m.CHANGED_BY, m.WAS_MEMBER FROM MEMBERSHIP m WHERE" + absent
                                + " AND NOT EXISTS (SELECT 1" + UNDO_MATCH + ")",
                        undoArgs.toArray());
            }
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

    /**
     * Puts back every row a dry run (job instance) changed, as it was before the run, and forgets the undo
     * records.
     *
     * @return the number of rows put back or removed
     */
    public int undo(long jobInstanceId) {
        int restored = jdbc.update(UNDO_INSERTED, jobInstanceId)
                + jdbc.update(UNDO_UPDATED, jobInstanceId, jobInstanceId, jobInstanceId, jobInstanceId, jobInstanceId);
        jdbc.update("DELETE FROM MEMBERSHIP_UNDO WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
        jdbc.update("DELETE FROM SNAPSHOT_SEEN WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
        return restored;
    }

    /**
     * Hands the changes of a job instance whose ingest failed on its input over to the next run: they stay
     * in the store, owned by no instance ({@value #RELEASED}), with the state before them, until
     * {@link #adoptReleased} makes them that run's own. So a file that did not finish never leaves users
     * that the next run treats as unchanged.
     *
     * @return the number of rows released
     */
    public int release(long jobInstanceId) {
        return jdbc.update("UPDATE MEMBERSHIP SET CHANGED_BY = " + RELEASED + " WHERE CHANGED_BY = ?", jobInstanceId);
    }

    /**
     * Makes the released changes of failed runs this job instance's own (undoably in a dry run).
     *
     * @return the number of rows adopted
     */
    public int adoptReleased(long jobInstanceId, boolean undoable) {
        if (undoable) {
            jdbc.update(
                    "INSERT INTO MEMBERSHIP_UNDO (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT,"
                            + " CHANGED_BY, WAS_MEMBER) SELECT ?, m.CDP_ID, m.AUDIENCE, TRUE, m.MEMBER, m.CHANGED_AT,"
                            + " m.CHANGED_BY, m.WAS_MEMBER FROM MEMBERSHIP m WHERE m.CHANGED_BY = " + RELEASED
                            + " AND NOT EXISTS (SELECT 1" + UNDO_MATCH + ")",
                    jobInstanceId,
                    jobInstanceId);
        }
        return jdbc.update("UPDATE MEMBERSHIP SET CHANGED_BY = ? WHERE CHANGED_BY = " + RELEASED, jobInstanceId);
    }

    /**
     * Ends a per-profile snapshot file (Apache Unomi): each id it listed is a member of exactly the audiences
     * the file listed for it; its other memberships whose state is not newer than the snapshot exit at the
     * snapshot time. Ids the file did not list keep their memberships.
     *
     * @return the number of memberships that exited
     */
    public int exitUnlistedOfListedIds(long jobInstanceId, int fileNo, Instant snapshotTime, boolean undoable) {
        String absent = " m.CDP_ID IN (SELECT s.CDP_ID FROM SNAPSHOT_SEEN s WHERE s.JOB_INSTANCE_ID = ?"
                + " AND s.FILE_NO = ?) AND m.MEMBER = TRUE AND m.CHANGED_AT <= ? AND NOT EXISTS (SELECT 1 FROM"
                + " SNAPSHOT_SEEN s WHERE s.JOB_INSTANCE_ID = ? AND s.FILE_NO = ? AND s.CDP_ID = m.CDP_ID"
                + " AND s.AUDIENCE = m.AUDIENCE)";
        Object[] args = {jobInstanceId, fileNo, utc(snapshotTime), jobInstanceId, fileNo};
        if (undoable) {
            List<Object> undoArgs = new ArrayList<>(List.of(jobInstanceId));
            undoArgs.addAll(List.of(args));
            undoArgs.add(jobInstanceId);
            jdbc.update(
                    "INSERT INTO MEMBERSHIP_UNDO (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT,"
                            + " CHANGED_BY, WAS_MEMBER) SELECT ?, m.CDP_ID, m.AUDIENCE, TRUE, m.MEMBER, m.CHANGED_AT,"
                            + " m.CHANGED_BY, m.WAS_MEMBER FROM MEMBERSHIP m WHERE" + absent
                            + " AND NOT EXISTS (SELECT 1" + UNDO_MATCH + ")",
                    undoArgs.toArray());
        }
        List<Object> updateArgs = new ArrayList<>(List.of(utc(snapshotTime), jobInstanceId, jobInstanceId));
        updateArgs.addAll(List.of(args));
        int exited = jdbc.update(
                "UPDATE MEMBERSHIP m SET MEMBER = FALSE, CHANGED_AT = ?,"
                        + " WAS_MEMBER = CASE WHEN m.CHANGED_BY = ? THEN m.WAS_MEMBER ELSE TRUE END, CHANGED_BY = ?"
                        + " WHERE" + absent,
                updateArgs.toArray());
        jdbc.update("DELETE FROM SNAPSHOT_SEEN WHERE JOB_INSTANCE_ID = ? AND FILE_NO = ?", jobInstanceId, fileNo);
        return exited;
    }

    /** CDP ids whose membership changed in the job instance: some audience differs from its state before the run. */
    public long countChangedIds(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM (" + CHANGED_IDS + ") c", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    /**
     * Deletes every row of a visitor's CDP ids (memberships, a dry run's undo records, snapshot marks), in the
     * caller's transaction.
     */
    public void forget(Visitor visitor, ForgetTally tally) {
        List<String> ids = List.copyOf(visitor.cdpIds());
        if (ids.isEmpty()) {
            return;
        }
        String in = " WHERE CDP_ID IN (" + Visitor.placeholders(ids.size()) + ")";
        for (String table : List.of("MEMBERSHIP", "MEMBERSHIP_UNDO", "SNAPSHOT_SEEN")) {
            tally.add(table, jdbc.update("DELETE FROM " + table + in, ids.toArray()));
        }
    }

    /**
     * The rows of CDP ids that left every audience before {@code cutoff}: none is a member, none changed
     * since, and no change of theirs waits for a run (a change released by a failed run, or one whose job
     * instance is there and has not completed; a purged instance had completed).
     */
    private static final String LEFT = " FROM MEMBERSHIP m WHERE NOT EXISTS (SELECT 1 FROM MEMBERSHIP p"
            + " WHERE p.CDP_ID = m.CDP_ID AND (p.MEMBER = TRUE OR p.CHANGED_AT >= ? OR (p.WAS_MEMBER <> p.MEMBER"
            + " AND (p.CHANGED_BY = " + RELEASED + " OR p.CHANGED_BY IN (SELECT i.JOB_INSTANCE_ID FROM"
            + " BATCH_JOB_INSTANCE i WHERE NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e"
            + " WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND e.STATUS = 'COMPLETED'))))))";

    /** How many rows belong to CDP ids that left every audience before {@code cutoff}. */
    public long countLeftBefore(Instant cutoff) {
        Long count = jdbc.queryForObject("SELECT COUNT(*)" + LEFT, Long.class, utc(cutoff));
        return count == null ? 0 : count;
    }

    /** Deletes the rows of CDP ids that left every audience before {@code cutoff}; returns how many. */
    public int deleteLeftBefore(Instant cutoff) {
        return jdbc.update("DELETE" + LEFT, utc(cutoff));
    }

    private static Map<MembershipKey, MembershipChange> collapse(List<? extends MembershipChange> rows) {
        Map<MembershipKey, MembershipChange> winners = new LinkedHashMap<>();
        for (MembershipChange row : rows) {
            if (row.listedOnly()) {
                continue;
            }
            winners.merge(
                    new MembershipKey(row.id(), row.audience()),
                    row,
                    (old, now) -> now.beats(old.member(), old.time()) ? now : old);
        }
        return winners;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
