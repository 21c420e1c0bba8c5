package io.signalranon.dispatcher.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/** The OFFER_SENT table: every offer delivered to a user, at its run's as-of instant, for caps. */
public class OfferSentRepository {

    private record Row(String userId, String offerId) {
    }

    private final JdbcTemplate jdbc;

    public OfferSentRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records the offers of delivered messages, in the caller's transaction. */
    public void recordAll(List<DeliveryResult> delivered, long jobExecutionId, Instant asOf) {
        List<Row> rows = new ArrayList<>();
        for (DeliveryResult result : delivered) {
            for (String offerId : result.message().offerIds()) {
                rows.add(new Row(result.message().userId(), offerId));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        OffsetDateTime sentAt = utc(asOf);
        jdbc.batchUpdate("INSERT INTO OFFER_SENT (USER_ID, OFFER_ID, SENT_AT, JOB_EXECUTION_ID) VALUES (?, ?, ?, ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setString(1, row.userId());
                    ps.setString(2, row.offerId());
                    ps.setObject(3, sentAt);
                    ps.setLong(4, jobExecutionId);
                });
    }

    /**
     * Delivery instants after {@code since} (exclusive), by user id then offer id, for frequency caps.
     */
    public Map<String, Map<String, List<Instant>>> deliveriesSince(List<String> userIds, Instant since) {
        Map<String, Map<String, List<Instant>>> deliveries = new HashMap<>();
        for (List<String> ids : InList.slices(userIds)) {
            List<Object> args = new ArrayList<>(ids);
            args.add(utc(since));
            jdbc.query("SELECT USER_ID, OFFER_ID, SENT_AT FROM OFFER_SENT WHERE USER_ID IN (" + InList.marks(ids)
                    + ") AND SENT_AT > ?", rs -> {
                        deliveries.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                                .add(rs.getObject(3, OffsetDateTime.class).toInstant());
                    }, args.toArray());
        }
        return deliveries;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
