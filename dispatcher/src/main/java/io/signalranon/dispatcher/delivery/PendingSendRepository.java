package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PENDING_SEND table: messages of a run's dispatch step (or of one of its partitions, each a step
 * of its own name) still to be sent, each due at a time of its own, with
 * what its earlier turns used (attempts, 429s, the first attempt's time, the last outcome). Rows are
 * written and deleted in the transactions of the chunks that defer and send them (see
 * {@link DispatchItemReader}).
 */
public class PendingSendRepository {

    private static final String COLUMNS = "ID, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, EXPIRES_AT, DUE_AT,"
            + " FIRST_ATTEMPT_AT, ATTEMPTS, THROTTLED, STATUS, ERROR_CODE, REASON";
    private static final int MAX_REASON = 512;
    private static final int MAX_ERROR_CODE = 128;

    private final JdbcTemplate jdbc;

    public PendingSendRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * A pending message.
     *
     * @param id its row
     * @param retry the work of sending it again
     */
    public record Pending(long id, ConcurrentSender.Retry retry) {}

    /** Records messages still to be sent, in the caller's transaction. */
    public void recordAll(List<RetryingSender.Deferred> deferred, Step step) {
        if (deferred.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO PENDING_SEND (JOB_INSTANCE_ID, STEP_NAME, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, EXPIRES_AT, DUE_AT,
                                          FIRST_ATTEMPT_AT, ATTEMPTS, THROTTLED, STATUS, ERROR_CODE, REASON)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", deferred, deferred.size(), (ps, one) -> {
            OutgoingMessage message = one.message();
            RetryingSender.Progress progress = one.progress();
            SendOutcome last = progress.last();
            ps.setLong(1, step.jobInstanceId());
            ps.setString(2, step.name());
            ps.setString(3, message.userId());
            ps.setString(4, message.messageId());
            ps.setString(5, message.body());
            ps.setString(6, OfferIds.join(message.offerIds()));
            ps.setObject(7, utc(message.expiresAt()));
            ps.setObject(8, utc(one.dueAt()));
            ps.setObject(9, utc(progress.firstAttemptAt()));
            ps.setInt(10, progress.attempts());
            ps.setInt(11, progress.throttled());
            ps.setObject(12, last == null ? null : last.status(), java.sql.Types.INTEGER);
            ps.setString(13, last == null ? null : truncate(last.errorCode(), MAX_ERROR_CODE));
            ps.setString(14, last == null ? null : truncate(last.reason(), MAX_REASON));
        });
    }

    /**
     * The step whose messages they are.
     *
     * @param jobInstanceId the run
     * @param name the step's name (a partition's, when the step is partitioned)
     */
    public record Step(long jobInstanceId, String name) {}

    /** The step's pending messages due by {@code by}, the earliest due first, at most {@code limit}. */
    public List<Pending> dueBy(Step step, Instant by, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM PENDING_SEND WHERE JOB_INSTANCE_ID = ? AND STEP_NAME = ? AND DUE_AT <= ?"
                        + " ORDER BY DUE_AT, ID FETCH FIRST " + limit + " ROWS ONLY",
                PendingSendRepository::map,
                step.jobInstanceId(),
                step.name(),
                utc(by));
    }

    /** How many of the step's pending messages are due by {@code by}. */
    public long countDueBy(Step step, Instant by) {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM PENDING_SEND WHERE JOB_INSTANCE_ID = ? AND STEP_NAME = ? AND DUE_AT <= ?",
                Long.class,
                step.jobInstanceId(),
                step.name(),
                utc(by));
        return count == null ? 0 : count;
    }

    /** The step's pending messages, the earliest due first, at most {@code limit}. */
    public List<Pending> first(Step step, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM PENDING_SEND WHERE JOB_INSTANCE_ID = ? AND STEP_NAME = ?"
                        + " ORDER BY DUE_AT, ID FETCH FIRST " + limit + " ROWS ONLY",
                PendingSendRepository::map,
                step.jobInstanceId(),
                step.name());
    }

    /** Deletes pending messages taken for sending, in the caller's transaction. */
    public void deleteAll(List<Pending> taken) {
        if (taken.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "DELETE FROM PENDING_SEND WHERE ID = ?",
                taken,
                taken.size(),
                (ps, pending) -> ps.setLong(1, pending.id()));
    }

    /**
     * Deletes the pending messages to the visitor's user ids, in the caller's transaction: a forgotten user
     * is never sent to again.
     */
    public void forget(Visitor visitor, ForgetTally tally) {
        List<String> users = List.copyOf(visitor.userIds());
        tally.add(
                "PENDING_SEND",
                users.isEmpty()
                        ? 0
                        : jdbc.update(
                                "DELETE FROM PENDING_SEND WHERE USER_ID IN (" + Visitor.placeholders(users.size())
                                        + ")",
                                users.toArray()));
    }

    private static Pending map(ResultSet rs, int rowNum) throws SQLException {
        OutgoingMessage message = new OutgoingMessage(
                rs.getString("USER_ID"),
                rs.getString("MESSAGE_ID"),
                rs.getString("MESSAGE"),
                OfferIds.split(rs.getString("OFFER_IDS")),
                instant(rs.getObject("EXPIRES_AT", OffsetDateTime.class)));
        int status = rs.getInt("STATUS");
        SendOutcome last = rs.wasNull()
                ? null
                : new SendOutcome(
                        SendOutcome.Kind.RETRYABLE, // a message whose last outcome was final is not pending
                        status,
                        rs.getString("ERROR_CODE"),
                        rs.getString("REASON"),
                        null);
        RetryingSender.Progress progress = new RetryingSender.Progress(
                rs.getInt("ATTEMPTS"),
                rs.getInt("THROTTLED"),
                instant(rs.getObject("FIRST_ATTEMPT_AT", OffsetDateTime.class)),
                last);
        return new Pending(
                rs.getLong("ID"),
                new ConcurrentSender.Retry(
                        message,
                        progress,
                        Objects.requireNonNull(instant(rs.getObject("DUE_AT", OffsetDateTime.class)))));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable String truncate(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
