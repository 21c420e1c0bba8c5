package io.signalranon.dispatcher.failure;

import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads unresolved rows of FAILED_SEND, all of them or those recorded by one dispatch execution. */
public class FailedSendRows {

    /** The columns {@link #MAPPER} reads, in order. */
    public static final String COLUMNS = "ID, JOB_EXECUTION_ID, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, EXPIRES_AT,"
            + " STATUS, ERROR_CODE, REASON, ATTEMPTS, FAILED_AT";

    /** Maps a row selected with {@link #COLUMNS}. */
    public static final RowMapper<FailedSend> MAPPER = FailedSendRows::map;

    private final JdbcTemplate jdbc;

    public FailedSendRows(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Unresolved failed sends in id order.
     *
     * @param execution the dispatch execution that recorded them, or null for all
     */
    public List<FailedSend> unresolved(Long execution) {
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
    public long countUnresolved(Long execution, long maxId) {
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
}
