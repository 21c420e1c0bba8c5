package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.membership.MembershipStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
     * the first); a user id with several CDP ids (several rows) is one target, withheld when any of its
     * rows is. It reads rows in key order and stops after the first row past the page, so the database
     * walks the primary key and stops there: grouping the rows in SQL made it group every remaining row of
     * the run for each page, a cost that grows with the square of the run's size.
     */
    public List<DispatchTarget> page(long jobInstanceId, @Nullable String afterUserId, int limit) {
        for (int rows = limit + 1; ; rows = Math.multiplyExact(rows, 2)) {
            Map<String, String> withheld = new LinkedHashMap<>();
            int[] read = {0};
            jdbc.query(
                    "SELECT USER_ID, WITHHELD FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?"
                            + (afterUserId == null ? "" : " AND USER_ID > ?")
                            + " ORDER BY JOB_INSTANCE_ID, USER_ID, CDP_ID FETCH FIRST " + rows + " ROWS ONLY",
                    rs -> {
                        read[0]++;
                        String reason = rs.getString(2);
                        withheld.merge(rs.getString(1), reason == null ? "" : reason, DispatchTargetRepository::either);
                    },
                    afterUserId == null ? new Object[] {jobInstanceId} : new Object[] {jobInstanceId, afterUserId});
            boolean lastRowRead = read[0] < rows;
            if (lastRowRead || withheld.size() > limit) {
                return withheld.entrySet().stream()
                        .limit(limit)
                        .map(e -> new DispatchTarget(
                                e.getKey(), e.getValue().isEmpty() ? null : WithholdReason.valueOf(e.getValue())))
                        .toList();
            }
        }
    }

    /** The reason of two rows of one user ("" for none): the first that is one, in name order. */
    private static String either(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        return a.compareTo(b) <= 0 ? a : b;
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
