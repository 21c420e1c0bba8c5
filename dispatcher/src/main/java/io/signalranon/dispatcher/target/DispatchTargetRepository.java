package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.jdbc.UserCdpTable;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import java.util.ArrayList;
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

    /**
     * The rule of who gets nothing whatever the decision, for a user's row {@code u} of USER_MAPPING (null
     * columns when the run has no users file) joined to SUPPRESSION as {@code s}: the same for a run's targets
     * and for what {@code reprocess} sends again.
     */
    private static final String WITHHELD =
            "CASE WHEN s.USER_ID IS NOT NULL THEN 'SUPPRESSED' WHEN u.CONSENT = FALSE THEN 'NO_CONSENT' END";

    private final JdbcTemplate jdbc;
    private final UserCdpTable targets;

    public DispatchTargetRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.targets = new UserCdpTable(jdbc, "DISPATCH_TARGET");
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
                           %s
                    FROM USER_MAPPING u LEFT JOIN SUPPRESSION s ON s.USER_ID = u.USER_ID""".formatted(WITHHELD);
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
                SELECT ?, t.CDP_ID, t.CDP_ID, %s
                FROM (%s) t LEFT JOIN SUPPRESSION s ON s.USER_ID = t.CDP_ID
                LEFT JOIN USER_MAPPING u ON 1 = 0""".formatted(WITHHELD, ids);
        return all ? jdbc.update(sql, jobInstanceId) : jdbc.update(sql, jobInstanceId, jobInstanceId);
    }

    /** How many targets belong to runs that completed (nothing needs them: a completed run never resumes). */
    public long countOfCompletedRuns() {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID IN"
                        + " (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED')",
                Long.class);
        return count == null ? 0 : count;
    }

    /** Deletes the targets of runs that completed; returns how many. */
    public int deleteOfCompletedRuns() {
        return jdbc.update("DELETE FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID IN"
                + " (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED')");
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
        return page(jobInstanceId, afterUserId, null, limit);
    }

    /**
     * Like {@link #page(long, String, int)}, within a range of user ids: after {@code afterUserId} up to
     * {@code upToUserId} included (null: to the last).
     */
    public List<DispatchTarget> page(
            long jobInstanceId, @Nullable String afterUserId, @Nullable String upToUserId, int limit) {
        List<Object> args = new ArrayList<>(List.of(jobInstanceId));
        if (afterUserId != null) {
            args.add(afterUserId);
        }
        if (upToUserId != null) {
            args.add(upToUserId);
        }
        for (int rows = limit + 1; ; rows = Math.multiplyExact(rows, 2)) {
            Map<String, String> withheld = new LinkedHashMap<>();
            int[] read = {0};
            jdbc.query(
                    "SELECT USER_ID, WITHHELD FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?"
                            + (afterUserId == null ? "" : " AND USER_ID > ?")
                            + (upToUserId == null ? "" : " AND USER_ID <= ?")
                            + " ORDER BY JOB_INSTANCE_ID, USER_ID, CDP_ID FETCH FIRST " + rows + " ROWS ONLY",
                    rs -> {
                        read[0]++;
                        String reason = rs.getString(2);
                        withheld.merge(rs.getString(1), reason == null ? "" : reason, DispatchTargetRepository::either);
                    },
                    args.toArray());
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

    /** How many users (distinct user ids) a job instance targets. */
    public long countUsers(long jobInstanceId) {
        Long users = jdbc.queryForObject(
                "SELECT COUNT(*) FROM (SELECT DISTINCT USER_ID FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?) u",
                Long.class,
                jobInstanceId);
        return users == null ? 0 : users;
    }

    /**
     * The last user id of each of {@code ranges} key ranges that split a job instance's users evenly (by
     * count of distinct user ids, so that the rows of one user, one per CDP id, fall in one range), in
     * order; fewer when there are fewer users. The same targets give the same bounds.
     */
    public List<String> rangeEnds(long jobInstanceId, int ranges) {
        return jdbc.queryForList("""
                SELECT MAX(USER_ID) FROM (
                  SELECT USER_ID, NTILE(?) OVER (ORDER BY USER_ID) AS TILE
                  FROM (SELECT DISTINCT USER_ID FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?) u) t
                GROUP BY TILE ORDER BY TILE""", String.class, ranges, jobInstanceId);
    }

    /** As {@link #rangeEnds(long, int)}, over the users after {@code after} only (all when null). */
    public List<String> rangeEnds(long jobInstanceId, int ranges, @Nullable String after) {
        if (after == null) {
            return rangeEnds(jobInstanceId, ranges);
        }
        return jdbc.queryForList("""
                SELECT MAX(USER_ID) FROM (
                  SELECT USER_ID, NTILE(?) OVER (ORDER BY USER_ID) AS TILE
                  FROM (SELECT DISTINCT USER_ID FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ? AND USER_ID > ?) u) t
                GROUP BY TILE ORDER BY TILE""", String.class, ranges, jobInstanceId, after);
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

    /**
     * Why each of these users gets nothing now, by the rule of a run's targets, on the users file and
     * suppression list loaded last: suppressed, no consent, or (with a users file) not in it. Users who may be
     * sent to are absent.
     */
    public Map<String, WithholdReason> withheldNow(List<String> userIds) {
        Map<String, WithholdReason> withheld = new HashMap<>();
        if (userIds.isEmpty()) {
            return withheld;
        }
        boolean mapped =
                Boolean.TRUE.equals(jdbc.queryForObject("SELECT COUNT(*) > 0 FROM USER_MAPPING", Boolean.class));
        String in = " IN (" + Visitor.placeholders(userIds.size()) + ")";
        Set<String> listed = new HashSet<>();
        jdbc.query(
                mapped
                        ? "SELECT u.USER_ID, MIN(" + WITHHELD + ") FROM USER_MAPPING u LEFT JOIN SUPPRESSION s"
                                + " ON s.USER_ID = u.USER_ID WHERE u.USER_ID" + in + " GROUP BY u.USER_ID"
                        : "SELECT s.USER_ID, " + WITHHELD + " FROM SUPPRESSION s LEFT JOIN USER_MAPPING u ON 1 = 0"
                                + " WHERE s.USER_ID" + in,
                rs -> {
                    listed.add(rs.getString(1));
                    String reason = rs.getString(2);
                    if (reason != null) {
                        withheld.put(rs.getString(1), WithholdReason.valueOf(reason));
                    }
                },
                userIds.toArray());
        if (mapped) {
            userIds.stream()
                    .filter(id -> !listed.contains(id))
                    .forEach(id -> withheld.put(id, WithholdReason.NOT_LISTED));
        }
        return withheld;
    }

    /** The CDP ids a user id was targeted by, in any run still kept. */
    public List<String> cdpIdsOf(String userId) {
        return targets.cdpIdsOf(userId);
    }

    /** The user ids a CDP id was mapped to, in any run still kept. */
    public List<String> userIdsOf(String cdpId) {
        return targets.userIdsOf(cdpId);
    }

    /** Deletes the visitor's targets (by user id or CDP id) of every run, in the caller's transaction. */
    public void forget(Visitor visitor, ForgetTally tally) {
        tally.add(targets.table(), targets.delete(visitor.userIds(), visitor.cdpIds()));
    }

    /**
     * The greatest user id of a run's targets before {@code userId}, in the reader's order, or null when none
     * is: where the run's dispatch step goes on from when {@code userId} is gone.
     */
    public @Nullable String lastUserBefore(long jobInstanceId, String userId) {
        return jdbc
                .queryForList(
                        "SELECT MAX(USER_ID) FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ? AND USER_ID < ?",
                        String.class,
                        jobInstanceId,
                        userId)
                .stream()
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
