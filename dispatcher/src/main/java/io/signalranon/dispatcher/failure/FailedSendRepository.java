package io.signalranon.dispatcher.failure;

import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The FAILED_SEND table: sends that stayed retryable or failed permanently, with the full message;
 * {@code reprocess} resolves them or records further attempts.
 */
public class FailedSendRepository {

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

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
