package io.signalranon.dispatcher.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/** The FAILED_SEND table: sends that stayed retryable or failed permanently, with the full message. */
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
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                failures, failures.size(), (ps, result) -> {
                    OutgoingMessage message = result.message();
                    ps.setLong(1, jobExecutionId);
                    ps.setString(2, message.userId());
                    ps.setString(3, message.messageId());
                    ps.setString(4, message.body());
                    ps.setString(5, String.join(",", message.offerIds()));
                    ps.setObject(6, message.expiresAt() == null ? null : utc(message.expiresAt()));
                    ps.setInt(7, result.outcome().status());
                    ps.setString(8, truncate(result.outcome().errorCode(), MAX_ERROR_CODE));
                    ps.setString(9, truncate(result.outcome().reason(), MAX_REASON));
                    ps.setInt(10, result.attempts());
                    ps.setObject(11, utc(failedAt));
                });
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
