package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.membership.MembershipStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Works out the targeted users of a run into DISPATCH_TARGET, which the dispatch step then reads
 * in user order: the CDP ids whose audiences changed (net) in this job instance, or every known id
 * with {@code --all}; mapped to SignalR user ids through USER_MAPPING when a users file was given (a
 * user id with several CDP ids is targeted when any of them changed, one row per CDP id, and read as
 * one target decided on the union of their audiences); each marked when it is suppressed or has no
 * consent. The targets of runs that completed before
 * are dropped then, so the table holds the runs that may still be resumed.
 */
public class DispatchTargetRepository {

    private final JdbcTemplate jdbc;

    public DispatchTargetRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Replaces the targets of a job instance.
     *
     * @param all every known user instead of the changed ones
     * @return how many users are targeted
     */
    public int select(long jobInstanceId, boolean all) {
        forgetCompletedRuns(jobInstanceId);
        jdbc.update("DELETE FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
        boolean mapped =
                Boolean.TRUE.equals(jdbc.queryForObject("SELECT COUNT(*) > 0 FROM USER_MAPPING", Boolean.class));
        if (mapped) {
            String sql = """
                    INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD)
                    SELECT ?, u.USER_ID, u.CDP_ID,
                           CASE WHEN s.USER_ID IS NOT NULL THEN 'SUPPRESSED'
                                WHEN u.CONSENT = FALSE THEN 'NO_CONSENT' END
                    FROM USER_MAPPING u LEFT JOIN SUPPRESSION s ON s.USER_ID = u.USER_ID""";
            if (all) {
                jdbc.update(sql, jobInstanceId);
            } else {
                jdbc.update(
                        sql + " WHERE u.USER_ID IN (SELECT c.USER_ID FROM USER_MAPPING c WHERE c.CDP_ID IN ("
                                + MembershipStore.CHANGED_IDS + "))",
                        jobInstanceId,
                        jobInstanceId);
            }
            Integer users = jdbc.queryForObject(
                    "SELECT COUNT(DISTINCT USER_ID) FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?",
                    Integer.class,
                    jobInstanceId);
            return users == null ? 0 : users;
        }
        String ids = all ? "SELECT DISTINCT CDP_ID FROM MEMBERSHIP" : MembershipStore.CHANGED_IDS;
        String sql = """
                INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD)
                SELECT ?, t.CDP_ID, t.CDP_ID, CASE WHEN s.USER_ID IS NOT NULL THEN 'SUPPRESSED' END
                FROM (%s) t LEFT JOIN SUPPRESSION s ON s.USER_ID = t.CDP_ID""".formatted(ids);
        return all ? jdbc.update(sql, jobInstanceId) : jdbc.update(sql, jobInstanceId, jobInstanceId);
    }

    /**
     * Drops the targets of other job instances that completed: a completed run is never resumed, so
     * only its totals are kept. Runs that failed or stopped keep theirs, to resume.
     */
    private void forgetCompletedRuns(long currentInstanceId) {
        jdbc.update(
                "DELETE FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID <> ? AND JOB_INSTANCE_ID IN"
                        + " (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED')",
                currentInstanceId);
    }

    /**
     * Up to {@code limit} targets of a job instance in user order, after {@code afterUserId} (null: from
     * the first); a user id with several CDP ids is one target.
     */
    public List<DispatchTarget> page(long jobInstanceId, @Nullable String afterUserId, int limit) {
        return jdbc.query(
                "SELECT USER_ID, MIN(WITHHELD) FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?"
                        + (afterUserId == null ? "" : " AND USER_ID > ?")
                        + " GROUP BY JOB_INSTANCE_ID, USER_ID ORDER BY JOB_INSTANCE_ID, USER_ID FETCH FIRST "
                        + limit + " ROWS ONLY",
                (rs, n) -> new DispatchTarget(
                        rs.getString(1), rs.getString(2) == null ? null : WithholdReason.valueOf(rs.getString(2))),
                afterUserId == null ? new Object[] {jobInstanceId} : new Object[] {jobInstanceId, afterUserId});
    }

    /** The audiences (member now) of every reached target of a range, by user id: the union over its CDP ids. */
    public Map<String, Set<String>> audiences(TargetRange range) {
        Map<String, Set<String>> audiences = new HashMap<>();
        jdbc.query(
                "SELECT t.USER_ID, m.AUDIENCE FROM DISPATCH_TARGET t JOIN MEMBERSHIP m ON m.CDP_ID = t.CDP_ID"
                        + " AND m.MEMBER = TRUE WHERE " + TargetRange.REACHED,
                rs -> {
                    audiences
                            .computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add(rs.getString(2));
                },
                range.bind());
        return audiences;
    }
}
