package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OfferIds;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class OfferSentRepositoryTests {

    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");
    private static final SendOutcome ACCEPTED = new SendOutcome(Kind.DELIVERED, 202, null, "Accepted", null);

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private final OfferSentRepository repository = new OfferSentRepository(jdbc);

    @Test
    void recordsEveryDeliveredMessageWithOffersAcrossWideAndNarrowInserts() {
        // given: two wide statements' worth of messages with offers and some left over, and messages
        // without offers (a page told to clear its offers) in between
        List<DeliveryResult> delivered = new ArrayList<>();
        int withOffers = 2 * OfferSentRepository.ROWS_PER_INSERT + 7;
        for (int i = 0; i < withOffers; i++) {
            delivered.add(delivered(user(i), List.of("cart-10", "free,returns")));
            if (i % 10 == 0) {
                delivered.add(delivered(user(i) + "-empty", List.of()));
            }
        }

        // when
        repository.recordAll(delivered, 42, AS_OF);

        // then
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT USER_ID, SENT_AT, MESSAGE_ID, OFFER_IDS, JOB_EXECUTION_ID FROM OFFER_SENT ORDER BY USER_ID");
        assertThat(rows).hasSize(withOffers);
        assertThat(rows)
                .extracting(row -> row.get("USER_ID"))
                .containsExactlyElementsOf(delivered.stream()
                        .map(result -> result.message().userId())
                        .filter(user -> !user.endsWith("-empty"))
                        .sorted()
                        .toList());
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("MESSAGE_ID")).isEqualTo("message-" + user(0));
        assertThat(OfferIds.split((String) first.get("OFFER_IDS"))).containsExactly("cart-10", "free,returns");
        assertThat(((OffsetDateTime) first.get("SENT_AT")).toInstant()).isEqualTo(AS_OF);
        assertThat(first.get("JOB_EXECUTION_ID")).isEqualTo(42L);
    }

    @Test
    void recordsNothingForNoMessages() {
        // when
        repository.recordAll(List.of(delivered("u-1", List.of())), 42, AS_OF);
        repository.recordAll(List.of(), 42, AS_OF);

        // then
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM OFFER_SENT", Integer.class))
                .isZero();
    }

    private static DeliveryResult delivered(String userId, List<String> offerIds) {
        return new DeliveryResult(new OutgoingMessage(userId, "message-" + userId, "{}", offerIds, null), ACCEPTED, 1);
    }

    private static String user(int i) {
        return "user-%03d".formatted(i);
    }
}
