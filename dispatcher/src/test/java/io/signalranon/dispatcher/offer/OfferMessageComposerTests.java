package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class OfferMessageComposerTests {

    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");

    private final OfferMessageComposer composer = new OfferMessageComposer("offers");

    @Test
    void bodyHasTheDocumentedShapeWithContentAsWritten() {
        // given
        Catalog catalog = Catalog.parse("""
                {"placements": [{"id": "hero"}, {"id": "inbox", "maxItems": 2}],
                 "offers": [
                  {"id": "cart-10", "placement": "hero", "priority": 1,
                   "content": {"title": "10% off", "discount": 0.10, "cta": {"url": "/cart"}}},
                  {"id": "welcome", "placement": "inbox", "priority": 1, "content": {}}]}
                """, "offers.json");
        Decision decision = new DecisionEngine(catalog).decide("u-1", Set.of(), AS_OF, DeliveryHistory.none());

        // when
        OfferMessage message = this.composer.compose(7, "u-1", AS_OF, decision.offers());

        // then
        assertThat(message.messageId()).isEqualTo(UUID.fromString("0552b1ed-bd19-8b08-ade6-10b466bc2404"));
        assertThat(message.userId()).isEqualTo("u-1");
        assertThat(message.body())
                .isEqualTo("{\"target\":\"offers\",\"arguments\":[{"
                        + "\"messageId\":\"0552b1ed-bd19-8b08-ade6-10b466bc2404\",\"userId\":\"u-1\","
                        + "\"generatedAt\":\"2026-12-01T00:00:00Z\",\"offers\":["
                        + "{\"id\":\"cart-10\",\"placement\":\"hero\",\"content\":{\"title\":\"10% off\",\"discount\":0.10,"
                        + "\"cta\":{\"url\":\"/cart\"}}},"
                        + "{\"id\":\"welcome\",\"placement\":\"inbox\",\"content\":{}}]}]}");
    }

    @Test
    void emptyOfferListIsAValidMessage() {
        // given
        List<ChosenOffer> none = List.of();

        // when
        OfferMessage message = this.composer.compose(42, "14575006536349286404619648085736425115", AS_OF, none);

        // then
        JsonNode argument =
                JsonMapper.shared().readTree(message.body()).get("arguments").get(0);
        assertThat(argument.get("messageId").stringValue()).isEqualTo("397945cd-0d7c-8538-acea-a95e34cd1127");
        assertThat(argument.get("offers").isArray()).isTrue();
        assertThat(argument.get("offers").size()).isZero();
    }

    @Test
    void userIdAndTargetAreEscapedAndGeneratedAtKeepsFractions() {
        // given
        String userId = "é😀 \"quoted\" \\ / \n";
        Instant asOf = Instant.parse("2026-12-01T00:00:00.123Z");

        // when
        OfferMessage message =
                new OfferMessageComposer("on\"Offers").compose(1, userId, asOf, List.of(offer("hero", "a")));

        // then
        JsonNode body = JsonMapper.shared().readTree(message.body());
        assertThat(body.get("target").stringValue()).isEqualTo("on\"Offers");
        assertThat(body.get("arguments").get(0).get("userId").stringValue()).isEqualTo(userId);
        assertThat(body.get("arguments").get(0).get("generatedAt").stringValue())
                .isEqualTo("2026-12-01T00:00:00.123Z");
    }

    @Test
    void messageIdIsTheSameForTheSameJobInstanceUserAndOffers() {
        // given
        List<ChosenOffer> offers = List.of(offer("hero", "a"), offer("side", "b"));

        // when
        OfferMessage first = this.composer.compose(3, "u-1", AS_OF, offers);
        OfferMessage again = this.composer.compose(3, "u-1", AS_OF.plusSeconds(60), List.copyOf(offers));

        // then
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(first.messageId().version()).isEqualTo(8);
        assertThat(first.messageId().variant()).isEqualTo(2);
    }

    @Test
    void messageIdChangesWithEachPartOfItsName() {
        // given
        UUID reference = OfferMessageComposer.messageId(3, "u-1", List.of("a", "b"));

        // when
        List<UUID> others = List.of(
                OfferMessageComposer.messageId(4, "u-1", List.of("a", "b")),
                OfferMessageComposer.messageId(3, "u-2", List.of("a", "b")),
                OfferMessageComposer.messageId(3, "u-1", List.of("b", "a")),
                OfferMessageComposer.messageId(3, "u-1", List.of("a")),
                OfferMessageComposer.messageId(3, "u-1", List.of("a", "b", "c")),
                OfferMessageComposer.messageId(3, "u-1", List.of()),
                OfferMessageComposer.messageId(3, "u-1a", List.of("b")),
                OfferMessageComposer.messageId(3, "u-1", List.of("ab")),
                OfferMessageComposer.messageId(31, "-1", List.of("a", "b")));

        // then
        assertThat(others).doesNotContain(reference).doesNotHaveDuplicates();
    }

    @Test
    void targetMustNotBeEmpty() {
        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> new OfferMessageComposer(""));
    }

    private static ChosenOffer offer(String placement, String id) {
        ObjectNode content = JsonMapper.shared().createObjectNode().put("title", id);
        return new ChosenOffer(placement, id, content);
    }
}
