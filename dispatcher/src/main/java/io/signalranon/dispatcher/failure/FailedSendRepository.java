package io.signalranon.dispatcher.failure;

import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The FAILED_SEND table: sends that stayed retryable or failed permanently, with the full message;
 * {@code reprocess} resolves them or records further attempts.
 */
public class FailedSendRepository {

    /** The columns {@link #MAPPER} reads, in order. */
    private static final String COLUMNS = "ID, JOB_EXECUTION_ID, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, EXPIRES_AT,"
            + " STATUS, ERROR_CODE, REASON, ATTEMPTS, FAILED_AT";

    private static final RowMapper<FailedSend> MAPPER = FailedSendRepository::map;

    static final int MAX_REASON = 512;
    static final int MAX_ERROR_CODE = 128;

    private final JdbcTemplate jdbc;

    public FailedSendRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records failed sends of one job execution, in the caller's transaction. */
    public void recordAll(List<DeliveryResult> failures, long jobExecutionId, Instant failedAt) {
        if (failures.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO FAILED_SEND (JOB_EXECUTION_ID, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, EXPIRES_AT,
                                         STATUS, ERROR_CODE, REASON, ATTEMPTS, FAILED_AT)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", failures, failures.size(), (ps, result) -> {
            OutgoingMessage message = result.message();
            ps.setLong(1, jobExecutionId);
            ps.setString(2, message.userId());
            ps.setString(3, message.messageId());
            ps.setString(4, message.body());
            ps.setString(5, OfferIds.join(message.offerIds()));
            ps.setObject(6, message.expiresAt() == null ? null : utc(message.expiresAt()));
            ps.setInt(7, result.outcome().status());
            ps.setString(8, truncate(result.outcome().errorCode(), MAX_ERROR_CODE));
            ps.setString(9, truncate(result.outcome().reason(), MAX_REASON));
            ps.setInt(10, result.attempts());
            ps.setObject(11, utc(failedAt));
        });
    }

    /**
     * Marks recorded failures resolved, in the caller's transaction.
     *
     * @param ids FAILED_SEND ids
     * @param resolution why: {@code delivered} or {@code expired}
     */
    public void resolve(List<Long> ids, String resolution, Instant resolvedAt) {
        if (ids.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(resolvedAt);
        jdbc.batchUpdate(
                "UPDATE FAILED_SEND SET RESOLVED_AT = ?, RESOLUTION = ? WHERE ID = ? AND RESOLVED_AT IS NULL",
                ids,
                ids.size(),
                (ps, id) -> {
                    ps.setObject(1, at);
                    ps.setString(2, resolution);
                    ps.setLong(3, id);
                });
    }

    /**
     * Marks recorded failures resolved {@code withheld}, with why, in the caller's transaction: their users may
     * not be sent to any more.
     *
     * @param reasons why, by FAILED_SEND id (a {@code WithholdReason} name)
     */
    public void resolveWithheld(Map<Long, String> reasons, Instant resolvedAt) {
        if (reasons.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(resolvedAt);
        jdbc.batchUpdate(
                "UPDATE FAILED_SEND SET RESOLVED_AT = ?, RESOLUTION = 'withheld', WITHHELD = ? WHERE ID = ?"
                        + " AND RESOLVED_AT IS NULL",
                List.copyOf(reasons.entrySet()),
                reasons.size(),
                (ps, reason) -> {
                    ps.setObject(1, at);
                    ps.setString(2, reason.getValue());
                    ps.setLong(3, reason.getKey());
                });
    }

    /**
     * Records that recorded failures failed again, in the caller's transaction: attempts added, and the
     * status, error code, reason and time of the last attempt.
     */
    public void recordRetries(List<Retry> retries, Instant failedAt) {
        if (retries.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(failedAt);
        jdbc.batchUpdate(
                "UPDATE FAILED_SEND SET ATTEMPTS = ATTEMPTS + ?, STATUS = ?, ERROR_CODE = ?, REASON = ?,"
                        + " FAILED_AT = ? WHERE ID = ? AND RESOLVED_AT IS NULL",
                retries,
                retries.size(),
                (ps, retry) -> {
                    ps.setInt(1, retry.result().attempts());
                    ps.setInt(2, retry.result().outcome().status());
                    ps.setString(3, truncate(retry.result().outcome().errorCode(), MAX_ERROR_CODE));
                    ps.setString(4, truncate(retry.result().outcome().reason(), MAX_REASON));
                    ps.setObject(5, at);
                    ps.setLong(6, retry.id());
                });
    }

    /**
     * A recorded failure sent again without success.
     *
     * @param id the FAILED_SEND id
     * @param result the outcome of the new attempts
     */
    public record Retry(long id, DeliveryResult result) {

        public Retry {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Deletes the failed sends to the visitor's user ids, resolved or not, with their messages, in the caller's
     * transaction: a forgotten user is never sent to again.
     */
    public void forget(Visitor visitor, ForgetTally tally) {
        List<String> users = List.copyOf(visitor.userIds());
        tally.add(
                "FAILED_SEND",
                users.isEmpty()
                        ? 0
                        : jdbc.update(
                                "DELETE FROM FAILED_SEND WHERE USER_ID IN (" + Visitor.placeholders(users.size()) + ")",
                                users.toArray()));
    }

    private static @Nullable String truncate(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Unresolved failed sends in id order.
     *
     * @param execution the dispatch execution that recorded them, or null for all
     */
    public List<FailedSend> unresolved(@Nullable Long execution) {
        return execution == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM FAILED_SEND WHERE RESOLVED_AT IS NULL ORDER BY ID", MAPPER)
                : jdbc.query(
                        "SELECT " + COLUMNS + " FROM FAILED_SEND WHERE RESOLVED_AT IS NULL AND JOB_EXECUTION_ID = ?"
                                + " ORDER BY ID",
                        MAPPER,
                        execution);
    }

    /**
     * How many failed sends up to {@code maxId} are unresolved.
     *
     * @param execution the dispatch execution that recorded them, or null for all
     */
    public long countUnresolved(@Nullable Long execution, long maxId) {
        Long count = execution == null
                ? jdbc.queryForObject(
                        "SELECT COUNT(*) FROM FAILED_SEND WHERE RESOLVED_AT IS NULL AND ID <= ?", Long.class, maxId)
                : jdbc.queryForObject(
                        "SELECT COUNT(*) FROM FAILED_SEND WHERE RESOLVED_AT IS NULL AND ID <= ?"
                                + " AND JOB_EXECUTION_ID = ?",
                        Long.class,
                        maxId,
                        execution);
        return count == null ? 0 : count;
    }

    /** How many failed sends were resolved before {@code cutoff}. */
    public long countResolvedBefore(Instant cutoff) {
        Long count =
                jdbc.queryForObject("SELECT COUNT(*) FROM FAILED_SEND WHERE RESOLVED_AT < ?", Long.class, utc(cutoff));
        return count == null ? 0 : count;
    }

    /** Deletes the failed sends resolved before {@code cutoff}; unresolved ones are never deleted. Returns how many. */
    public int deleteResolvedBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM FAILED_SEND WHERE RESOLVED_AT < ?", utc(cutoff));
    }

    /** The job executions that recorded failed sends not resolved yet. */
    public Set<Long> executionsWithUnresolved() {
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT JOB_EXECUTION_ID FROM FAILED_SEND WHERE RESOLVED_AT IS NULL", Long.class));
    }

    /** The highest id recorded so far, 0 when none. */
    public long maxId() {
        Long max = jdbc.queryForObject("SELECT MAX(ID) FROM FAILED_SEND", Long.class);
        return max == null ? 0 : max;
    }

    private static FailedSend map(ResultSet rs, int rowNum) throws SQLException {
        String offerIds = rs.getString("OFFER_IDS");
        OffsetDateTime expiresAt = rs.getObject("EXPIRES_AT", OffsetDateTime.class);
        OutgoingMessage message = new OutgoingMessage(
                rs.getString("USER_ID"),
                rs.getString("MESSAGE_ID"),
                rs.getString("MESSAGE"),
                OfferIds.split(offerIds),
                expiresAt == null ? null : expiresAt.toInstant());
        return new FailedSend(
                rs.getLong("ID"),
                rs.getLong("JOB_EXECUTION_ID"),
                message,
                rs.getInt("STATUS"),
                rs.getString("ERROR_CODE"),
                rs.getString("REASON"),
                rs.getInt("ATTEMPTS"),
                rs.getObject("FAILED_AT", OffsetDateTime.class).toInstant());
    }

    /**
     * A paging reader of the unresolved failed sends up to {@code maxId}, in id order, for a step.
     *
     * @param execution the dispatch execution that recorded them, or null for all
     */
    public JdbcPagingItemReader<FailedSend> unresolvedReader(
            DataSource dataSource, @Nullable Long execution, long maxId, int pageSize) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("maxId", maxId);
        String where = "RESOLVED_AT IS NULL AND ID <= :maxId";
        if (execution != null) {
            where += " AND JOB_EXECUTION_ID = :execution";
            values.put("execution", execution);
        }
        return new JdbcPagingItemReaderBuilder<FailedSend>()
                .name("failedSends")
                .dataSource(dataSource)
                .selectClause(COLUMNS)
                .fromClause("FAILED_SEND")
                .whereClause(where)
                .parameterValues(values)
                .sortKeys(Map.of("ID", Order.ASCENDING))
                .pageSize(pageSize)
                .rowMapper(MAPPER)
                .build();
    }

    /** Failed sends recorded by the executions of one job instance, by HTTP status (0: no response). */
    public Map<Integer, Long> countByStatus(long jobInstanceId) {
        Map<Integer, Long> byStatus = new LinkedHashMap<>();
        jdbc.query(
                "SELECT f.STATUS, COUNT(*) FROM FAILED_SEND f JOIN BATCH_JOB_EXECUTION e"
                        + " ON e.JOB_EXECUTION_ID = f.JOB_EXECUTION_ID WHERE e.JOB_INSTANCE_ID = ?"
                        + " GROUP BY f.STATUS ORDER BY f.STATUS",
                rs -> {
                    byStatus.put(rs.getInt(1), rs.getLong(2));
                },
                jobInstanceId);
        return byStatus;
    }
    /**
     * The most frequent reasons among failed sends, most frequent first (then by status and reason).
     *
     * @param jobInstanceId the dispatch run whose executions recorded them, or null for the unresolved
     *                      rows up to {@code maxId} of a reprocess scope
     * @param execution a reprocess scope: the dispatch execution that recorded them, or null for all
     */
    public List<ReasonCount> topReasons(@Nullable Long jobInstanceId, @Nullable Long execution, long maxId, int limit) {
        RowMapper<ReasonCount> mapper =
                (rs, row) -> new ReasonCount(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4));
        String group = " GROUP BY f.STATUS, f.ERROR_CODE, f.REASON"
                + " ORDER BY COUNT(*) DESC, f.STATUS, f.REASON FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
        if (jobInstanceId != null) {
            return jdbc.query(
                    "SELECT f.STATUS, f.ERROR_CODE, f.REASON, COUNT(*) FROM FAILED_SEND f JOIN BATCH_JOB_EXECUTION e"
                            + " ON e.JOB_EXECUTION_ID = f.JOB_EXECUTION_ID WHERE e.JOB_INSTANCE_ID = ?" + group,
                    mapper,
                    jobInstanceId);
        }
        return execution == null
                ? jdbc.query(
                        "SELECT f.STATUS, f.ERROR_CODE, f.REASON, COUNT(*) FROM FAILED_SEND f"
                                + " WHERE f.RESOLVED_AT IS NULL AND f.ID <= ?" + group,
                        mapper,
                        maxId)
                : jdbc.query(
                        "SELECT f.STATUS, f.ERROR_CODE, f.REASON, COUNT(*) FROM FAILED_SEND f"
                                + " WHERE f.RESOLVED_AT IS NULL AND f.ID <= ? AND f.JOB_EXECUTION_ID = ?" + group,
                        mapper,
                        maxId,
                        execution);
    }

    /**
     * How many failed sends share a status, error code and reason.
     *
     * @param status the HTTP status, 0 when no response came
     * @param errorCode the service's error code, or null
     * @param reason the short reason, or null
     * @param count how many
     */
    public record ReasonCount(
            int status,
            @Nullable String errorCode,
            @Nullable String reason,
            long count) {}
}
