package io.signalranon.dispatcher.offer;

import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.jdbc.MultiRowInsert;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import io.signalranon.dispatcher.target.TargetRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The OFFER_SENT table, for frequency caps: one row per delivered message that carried offers (user,
 * its run's as-of instant, message id, the offer ids), keyed by user and instant.
 */
public class OfferSentRepository {

    /**
     * Rows per {@code INSERT} statement: while a chunk is sent, its delivered messages are handed over
     * in batches of fifty or more ({@link ConcurrentSender}), so most rows go in wide statements.
     */
    static final int ROWS_PER_INSERT = 25;

    private static final MultiRowInsert<Sent> INSERT = new MultiRowInsert<>(
            "OFFER_SENT",
            ROWS_PER_INSERT,
            List.of("USER_ID", "SENT_AT", "MESSAGE_ID", "OFFER_IDS", "JOB_EXECUTION_ID"),
            (ps, at, sent) -> {
                ps.setString(at + 1, sent.message().userId());
                ps.setObject(at + 2, sent.sentAt());
                ps.setString(at + 3, sent.message().messageId());
                ps.setString(at + 4, OfferIds.join(sent.message().offerIds()));
                ps.setLong(at + 5, sent.jobExecutionId());
            });

    private final JdbcTemplate jdbc;

    public OfferSentRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records the offers of delivered messages, in the caller's transaction. */
    public void recordAll(List<DeliveryResult> delivered, long jobExecutionId, Instant asOf) {
        OffsetDateTime sentAt = utc(asOf);
        INSERT.insert(
                jdbc,
                delivered.stream()
                        .map(DeliveryResult::message)
                        .filter(message -> !message.offerIds().isEmpty())
                        .map(message -> new Sent(message, sentAt, jobExecutionId))
                        .toList());
    }

    /** One OFFER_SENT row. */
    private record Sent(OutgoingMessage message, OffsetDateTime sentAt, long jobExecutionId) {}

    /**
     * Delivery instants after {@code since} (exclusive) to the users of a chunk that are not withheld,
     * by user id then offer id, for frequency caps.
     */
    public Map<String, Map<String, List<Instant>>> deliveriesSince(TargetRange chunk, Instant since) {
        Map<String, Map<String, List<Instant>>> deliveries = new HashMap<>();
        List<Object> args = new ArrayList<>(List.of(utc(since)));
        args.addAll(List.of(chunk.bind()));
        jdbc.query(
                "SELECT o.USER_ID, o.SENT_AT, o.OFFER_IDS FROM DISPATCH_TARGET t"
                        + " JOIN OFFER_SENT o ON o.USER_ID = t.USER_ID AND o.SENT_AT > ? WHERE " + TargetRange.REACHED,
                rs -> {
                    Map<String, List<Instant>> byOffer =
                            deliveries.computeIfAbsent(rs.getString(1), k -> new HashMap<>());
                    Instant sentAt = rs.getObject(2, OffsetDateTime.class).toInstant();
                    for (String offerId : OfferIds.split(rs.getString(3))) {
                        byOffer.computeIfAbsent(offerId, k -> new ArrayList<>()).add(sentAt);
                    }
                },
                args.toArray());
        return deliveries;
    }

    /** How many rows were sent before {@code cutoff} (their run's as-of instant). */
    public long countBefore(Instant cutoff) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM OFFER_SENT WHERE SENT_AT < ?", Long.class, utc(cutoff));
        return count == null ? 0 : count;
    }

    /** Deletes the rows sent before {@code cutoff} (their run's as-of instant); returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM OFFER_SENT WHERE SENT_AT < ?", utc(cutoff));
    }

    /** Deletes the deliveries to the visitor's user ids, in the caller's transaction. */
    public void forget(Visitor visitor, ForgetTally tally) {
        List<String> users = List.copyOf(visitor.userIds());
        tally.add(
                "OFFER_SENT",
                users.isEmpty()
                        ? 0
                        : jdbc.update(
                                "DELETE FROM OFFER_SENT WHERE USER_ID IN (" + Visitor.placeholders(users.size()) + ")",
                                users.toArray()));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
