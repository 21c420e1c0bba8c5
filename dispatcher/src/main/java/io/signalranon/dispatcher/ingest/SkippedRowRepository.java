package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import io.signalranon.dispatcher.privacy.IdText;
import io.signalranon.dispatcher.privacy.Visitor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code SKIPPED_ROW}: every row skipped by a run, with its file, line and reason. */
public class SkippedRowRepository {

    private static final int MAX_DETAIL = 512;
    private static final String INSERT =
            "INSERT INTO SKIPPED_ROW (JOB_EXECUTION_ID, INPUT_NO, FILE_NAME, LINE_NO, REASON, DETAIL, SKIPPED_AT)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String COUNT_BY_INPUT_AND_REASON =
            "SELECT s.INPUT_NO, s.REASON, COUNT(*) FROM SKIPPED_ROW s JOIN BATCH_JOB_EXECUTION e"
                    + " ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE e.JOB_INSTANCE_ID = ? AND s.INPUT_NO IS NOT NULL"
                    + " GROUP BY s.INPUT_NO, s.REASON ORDER BY s.INPUT_NO, s.REASON";

    private final JdbcTemplate jdbc;

    public SkippedRowRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Records one skipped row, in the caller's transaction. A forgotten id the detail quotes is stored as
     * {@value IdText#REDACTED}, never as itself: the row is then one that names a forgotten id.
     *
     * @param input the number of the run's input, or null for the users and suppression files
     * @param forgotten the ids forgotten when the run started
     * @return whether the detail quoted a forgotten id
     */
    public boolean record(
            long jobExecutionId,
            @Nullable Integer input,
            String file,
            long line,
            SkipReason reason,
            String detail,
            ForgottenIds.ForgottenSet forgotten,
            Instant skippedAt) {
        String redacted = IdText.redact(detail, forgotten);
        jdbc.update(
                INSERT,
                jobExecutionId,
                input,
                file,
                line,
                reason.label(),
                IdText.cut(redacted, MAX_DETAIL),
                OffsetDateTime.ofInstant(skippedAt, ZoneOffset.UTC));
        return !redacted.equals(detail);
    }

    /** How many rows were skipped before {@code cutoff}. */
    public long countBefore(Instant cutoff) {
        Long count =
                jdbc.queryForObject("SELECT COUNT(*) FROM SKIPPED_ROW WHERE SKIPPED_AT < ?", Long.class, utc(cutoff));
        return count == null ? 0 : count;
    }

    /** Deletes the rows skipped before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM SKIPPED_ROW WHERE SKIPPED_AT < ?", utc(cutoff));
    }

    /**
     * Deletes the skipped rows whose detail quotes one of the visitor's ids (a bad value is quoted with its
     * row), in the caller's transaction.
     */
    public void forget(Visitor visitor, ForgetTally tally) {
        long deleted = 0;
        for (String id : visitor.ids()) {
            deleted +=
                    jdbc.update("DELETE FROM SKIPPED_ROW WHERE DETAIL LIKE ? ESCAPE '!'", "%" + likeLiteral(id) + "%");
        }
        tally.add("SKIPPED_ROW", deleted);
    }

    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Rows of the exports skipped by the executions of one job instance, by input number and reason. */
    public Map<Integer, Map<String, Long>> countByInputAndReason(long jobInstanceId) {
        Map<Integer, Map<String, Long>> result = new LinkedHashMap<>();
        jdbc.query(
                COUNT_BY_INPUT_AND_REASON,
                rs -> {
                    result.computeIfAbsent(rs.getInt(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                },
                jobInstanceId);
        return result;
    }
}
