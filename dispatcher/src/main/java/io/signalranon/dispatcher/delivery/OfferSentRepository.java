package io.signalranon.dispatcher.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OFFER_SENT table, for frequency caps: one row per delivered message that carried offers (user,
 * its run's as-of instant, message id, the offer ids), keyed by user and instant.
 */
public class OfferSentRepository {

    private final JdbcTemplate jdbc;

    public OfferSentRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records the offers of delivered messages, in the caller's transaction. */
    public void recordAll(List<DeliveryResult> delivered, long jobExecutionId, Instant asOf) {
        List<OutgoingMessage> messages = delivered.stream().map(DeliveryResult::message)
                .filter(message -> !message.offerIds().isEmpty()).toList();
        if (messages.isEmpty()) {
            return;
        }
        OffsetDateTime sentAt = utc(asOf);
        jdbc.batchUpdate("INSERT INTO OFFER_SENT (USER_ID, SENT_AT, MESSAGE_ID, OFFER_IDS, JOB_EXECUTION_ID)"
                + " VALUES (?, ?, ?, ?, ?)", messages, messages.size(), (ps, message) -> {
                    ps.setString(1, message.userId());
                    ps.setObject(2, sentAt);
                    ps.setString(3, message.messageId());
                    ps.setString(4, OfferIds.join(message.offerIds()));
                    ps.setLong(5, jobExecutionId);
                });
    }

    /**
     * Delivery instants after {@code since} (exclusive) to the users of a chunk that are not withheld,
     * by user id then offer id, for frequency caps.
     */
    public Map<String, Map<String, List<Instant>>> deliveriesSince(TargetRange chunk, Instant since) {
        Map<String, Map<String, List<Instant>>> deliveries = new HashMap<>();
        List<Object> args = new ArrayList<>(List.of(utc(since)));
        args.addAll(List.of(chunk.bind()));
        jdbc.query("SELECT o.USER_ID, o.SENT_AT, o.OFFER_IDS FROM DISPATCH_TARGET t"
                + " JOIN OFFER_SENT o ON o.USER_ID = t.USER_ID AND o.SENT_AT > ? WHERE " + TargetRange.REACHED, rs -> {
                    Map<String, List<Instant>> byOffer = deliveries.computeIfAbsent(rs.getString(1), k -> new HashMap<>());
                    Instant sentAt = rs.getObject(2, OffsetDateTime.class).toInstant();
                    for (String offerId : OfferIds.split(rs.getString(3))) {
                        byOffer.computeIfAbsent(offerId, k -> new ArrayList<>()).add(sentAt);
                    }
                }, args.toArray());
        return deliveries;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
