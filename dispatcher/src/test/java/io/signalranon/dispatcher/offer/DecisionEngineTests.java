package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class DecisionEngineTests {

    private static final Instant AS_OF = Instant.parse("2026-12-01T12:00:00Z");

    private static final String USER = "u-0001";

    @Test
    void equalPriorityIsBrokenByIdAndHigherPriorityWinsOverId() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'side', 'maxItems': 3}",
                offer("b", "side", 10),
                offer("c", "side", 10),
                offer("a", "side", 5),
                offer("z", "side", 11));

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(decision.offerIds()).containsExactly("z", "b", "c");
    }

    @Test
    void placementsFollowCatalogOrderWhateverTheOfferOrder() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'second'}, {'id': 'first'}", offer("in-first", "first", 1), offer("in-second", "second", 1));

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(decision.offers()).extracting(ChosenOffer::placement).containsExactly("second", "first");
        assertThat(decision.offerIds()).containsExactly("in-second", "in-first");
    }

    @Test
    void maxItemsAboveTheCandidatesTakesEveryCandidateAndNoFallback() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'side', 'maxItems': 5, 'fallback': 'fb'}",
                offer("fb", "side", 0, "'eligibility': 'never'"),
                offer("a", "side", 2),
                offer("b", "side", 1, "'eligibility': 's1'"));

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(decision.offerIds()).containsExactly("a");
    }

    @Test
    void validFromEqualToAsOfIsValid() {
        // given
        DecisionEngine engine = engine("{'id': 'hero'}", offer("a", "hero", 1, "'validFrom': '2026-12-01T12:00:00Z'"));

        // when
        Decision atStart = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());
        Decision justBefore = engine.decide(USER, Set.of(), AS_OF.minusNanos(1), DeliveryHistory.none());

        // then
        assertThat(atStart.offerIds()).containsExactly("a");
        assertThat(justBefore.offerIds()).isEmpty();
    }

    @Test
    void validToEqualToAsOfIsNoLongerValid() {
        // given
        DecisionEngine engine = engine("{'id': 'hero'}", offer("a", "hero", 1, "'validTo': '2026-12-01T12:00:00Z'"));

        // when
        Decision atEnd = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());
        Decision justBefore = engine.decide(USER, Set.of(), AS_OF.minusNanos(1), DeliveryHistory.none());

        // then
        assertThat(atEnd.offerIds()).isEmpty();
        assertThat(justBefore.offerIds()).containsExactly("a");
    }

    @Test
    void capCountsDeliveriesInsideTheHalfOpenWindowOnly() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero', 'fallback': 'fb'}",
                offer("fb", "hero", 0, "'eligibility': 'never'"),
                offer("a", "hero", 1, "'cap': {'max': 2, 'days': 7}"));
        Instant windowStart = AS_OF.minus(Duration.ofDays(7));

        // when
        Decision atAsOfAndJustAfterStart =
                engine.decide(USER, Set.of(), AS_OF, history("a", AS_OF, windowStart.plusNanos(1)));
        Decision atWindowStart = engine.decide(USER, Set.of(), AS_OF, history("a", AS_OF, windowStart));
        Decision afterAsOf = engine.decide(USER, Set.of(), AS_OF, history("a", AS_OF, AS_OF.plusSeconds(1)));
        Decision otherOffer = engine.decide(USER, Set.of(), AS_OF, history("b", AS_OF, AS_OF));

        // then
        assertThat(atAsOfAndJustAfterStart.offerIds()).containsExactly("fb");
        assertThat(atWindowStart.offerIds()).containsExactly("a");
        assertThat(afterAsOf.offerIds()).containsExactly("a");
        assertThat(otherOffer.offerIds()).containsExactly("a");
    }

    @Test
    void cappedOfferMakesRoomForTheNextCandidate() {
        // given
        DecisionEngine engine =
                engine("{'id': 'hero'}", offer("a", "hero", 9, "'cap': {'max': 1, 'days': 1}"), offer("b", "hero", 1));

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, history("a", AS_OF.minusSeconds(60)));

        // then
        assertThat(decision.offerIds()).containsExactly("b");
    }

    @Test
    void fallbackNeedsNoEligibilityAndIgnoresItsCap() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero', 'fallback': 'fb'}",
                offer("fb", "hero", 0, "'eligibility': 'never', 'cap': {'max': 1, 'days': 30}"),
                offer("a", "hero", 1, "'eligibility': 's1'"));

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, history("fb", AS_OF));

        // then
        assertThat(decision.offers())
                .containsExactly(
                        new ChosenOffer("hero", "fb", decision.offers().get(0).content()));
    }

    @Test
    void fallbackOutsideItsWindowGivesNothing() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero', 'fallback': 'fb'}",
                offer("fb", "hero", 0, "'validFrom': '2026-12-01T00:00:00Z', 'validTo': '2026-12-02T00:00:00Z'"),
                offer("a", "hero", 1, "'eligibility': 's1'"));

        // when
        Decision before =
                engine.decide(USER, Set.of("other"), Instant.parse("2026-11-30T23:59:59Z"), DeliveryHistory.none());
        Decision inside = engine.decide(USER, Set.of("other"), AS_OF, DeliveryHistory.none());
        Decision atEnd =
                engine.decide(USER, Set.of("other"), Instant.parse("2026-12-02T00:00:00Z"), DeliveryHistory.none());

        // then
        assertThat(before.offerIds()).isEmpty();
        assertThat(inside.offerIds()).containsExactly("fb");
        assertThat(atEnd.offerIds()).isEmpty();
        assertThat(atEnd.holdout()).isFalse();
    }

    @Test
    void notNestedInAnyHoldsForNonMembers() {
        // given
        DecisionEngine engine =
                engine("{'id': 'hero'}", offer("a", "hero", 1, "'eligibility': {'any': [{'not': ['s1']}, 's2']}"));

        // when
        Decision nobody = engine.decide(USER, Set.of(), AS_OF, DeliveryHistory.none());
        Decision s1 = engine.decide(USER, Set.of("s1"), AS_OF, DeliveryHistory.none());
        Decision s1AndS2 = engine.decide(USER, Set.of("s1", "s2"), AS_OF, DeliveryHistory.none());

        // then
        assertThat(nobody.offerIds()).containsExactly("a");
        assertThat(s1.offerIds()).isEmpty();
        assertThat(s1AndS2.offerIds()).containsExactly("a");
    }

    @Test
    void allAnyAndNotCombine() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero'}",
                offer("a", "hero", 1, "'eligibility': {'all': ['s1', 's2'], 'any': ['s3', 's4'], 'not': ['s5']}"));

        // when
        Decision allAndOneAny = decide(engine, "s1", "s2", "s4");
        Decision missingOneAll = decide(engine, "s1", "s4");
        Decision noAny = decide(engine, "s1", "s2");
        Decision excluded = decide(engine, "s1", "s2", "s3", "s5");

        // then
        assertThat(allAndOneAny.offerIds()).containsExactly("a");
        assertThat(missingOneAll.offerIds()).isEmpty();
        assertThat(noAny.offerIds()).isEmpty();
        assertThat(excluded.offerIds()).isEmpty();
    }

    @Test
    void holdoutZeroDecidesEveryone() {
        // given
        DecisionEngine engine = engineWithHoldout("{'percent': 0, 'salt': 'acc'}");

        // when
        Decision bucketZero = engine.decide("", Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(new Holdout(1, "acc").bucket("")).isZero();
        assertThat(bucketZero.holdout()).isFalse();
        assertThat(bucketZero.offerIds()).containsExactly("a");
    }

    @Test
    void holdoutHundredHoldsEveryoneOut() {
        // given
        DecisionEngine engine = engineWithHoldout("{'percent': 100, 'salt': '2026-q4'}");

        // when
        Decision decision = engine.decide("u-0001", Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(decision).isEqualTo(Decision.HOLDOUT);
        assertThat(decision.offers()).isEmpty();
    }

    @Test
    void holdoutAppliesBelowThePercentOnly() {
        // given: with salt 2026-q4, u-0001 is in bucket 12 and web-7-a in bucket 30
        DecisionEngine engine = engineWithHoldout("{'percent': 13, 'salt': '2026-q4'}");

        // when
        Decision bucket12 = engine.decide("u-0001", Set.of(), AS_OF, DeliveryHistory.none());
        Decision bucket30 = engine.decide("web-7-a", Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(bucket12.holdout()).isTrue();
        assertThat(bucket30.holdout()).isFalse();
        assertThat(bucket30.offerIds()).containsExactly("a");
    }

    @Test
    void historyIsAskedOnlyAboutCappedOffersThatAreOtherwiseCandidates() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero', 'maxItems': 2}",
                offer("capped", "hero", 9, "'cap': {'max': 1, 'days': 7}"),
                offer("capped-ineligible", "hero", 8, "'eligibility': 's1', 'cap': {'max': 1, 'days': 7}"),
                offer("plain", "hero", 7),
                offer("capped-after-full", "hero", 1, "'cap': {'max': 1, 'days': 7}"));
        List<String> asked = new ArrayList<>();

        // when
        Decision decision = engine.decide(USER, Set.of(), AS_OF, (offerId) -> {
            asked.add(offerId);
            return List.of();
        });

        // then
        assertThat(decision.offerIds()).containsExactly("capped", "plain");
        assertThat(asked).containsExactly("capped");
    }

    @Test
    void emptyCatalogGivesAnEmptyDecision() {
        // given
        DecisionEngine engine = engine("");

        // when
        Decision decision = engine.decide(USER, Set.of("s1"), AS_OF, DeliveryHistory.none());

        // then
        assertThat(decision).isEqualTo(Decision.of(List.of()));
    }

    @Test
    void holdoutDecisionCannotCarryOffers() {
        // given
        ChosenOffer offer = new ChosenOffer("hero", "a", JsonNodeFactory.instance.objectNode());

        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(true, List.of(offer)));
    }

    private static Decision decide(DecisionEngine engine, String... memberships) {
        return engine.decide(USER, Set.of(memberships), AS_OF, DeliveryHistory.none());
    }

    private static DeliveryHistory history(String offerId, Instant... deliveries) {
        return DeliveryHistory.of(Map.of(offerId, List.of(deliveries)));
    }

    @Test
    void anExplanationNamesTheRuleOfEachChosenOfferAndWhyEligibleOffersLost() {
        // given
        DecisionEngine engine = engine(
                "{'id': 'hero', 'maxItems': 1}, {'id': 'side', 'fallback': 'fb'}",
                offer("top", "hero", 30, "'eligibility': {'all': ['cart'], 'not': ['buyers']}"),
                offer("capped", "hero", 40, "'eligibility': 'cart', 'cap': {'max': 1, 'days': 7}"),
                offer("ended", "hero", 50, "'eligibility': 'cart', 'validTo': '2026-11-01T00:00:00Z'"),
                offer("second", "hero", 20, "'eligibility': 'cart'"),
                offer("other", "hero", 60, "'eligibility': 'vip'"),
                offer("fb", "side", 0, "'eligibility': 'never'"));
        DeliveryHistory history = offerId -> offerId.equals("capped") ? List.of(AS_OF.minusSeconds(60)) : List.of();
        Set<String> memberships = Set.of("cart", "newsletter");

        // when
        Decision decision = engine.decide(USER, memberships, AS_OF, history);
        Explanation why = engine.explain(USER, memberships, AS_OF, history);

        // then
        assertThat(why.holdout()).isFalse();
        assertThat(why.audiences()).containsExactly("cart");
        assertThat(why.chosen()).extracting(Explanation.Chosen::offerId).containsExactlyElementsOf(decision.offerIds());
        assertThat(why.chosen())
                .extracting(c -> c.offerId() + " " + c.placement() + " " + c.rule() + " " + c.eligibility())
                .containsExactly(
                        "top hero eligibility {\"all\":[\"cart\"],\"not\":[\"buyers\"]}", "fb side fallback {}");
        assertThat(why.lost())
                .extracting(l -> l.offerId() + " " + l.reason())
                .containsExactly("ended validity", "capped cap", "second max-items");
    }

    @Test
    void aHoldoutUserIsExplainedAsHeldOut() {
        // given
        DecisionEngine engine = engineWithHoldout("{'percent': 100, 'salt': 's'}");

        // when
        Explanation why = engine.explain(USER, Set.of(), AS_OF, DeliveryHistory.none());

        // then
        assertThat(why.holdout()).isTrue();
        assertThat(why.chosen()).isEmpty();
    }

    private static DecisionEngine engineWithHoldout(String holdout) {
        return new DecisionEngine(Catalog.parse(
                ("{'placements': [{'id': 'hero'}], 'holdout': " + holdout + ", 'offers': [" + offer("a", "hero", 1)
                                + "]}")
                        .replace('\'', '"'),
                "offers.json"));
    }

    private static DecisionEngine engine(String placements, String... offers) {
        return new DecisionEngine(Catalog.parse(
                ("{'placements': [" + placements + "], 'offers': [" + String.join(", ", offers) + "]}")
                        .replace('\'', '"'),
                "offers.json"));
    }

    private static String offer(String id, String placement, int priority) {
        return offer(id, placement, priority, null);
    }

    private static String offer(String id, String placement, int priority, String more) {
        return "{'id': '" + id + "', 'placement': '" + placement + "', 'priority': " + priority
                + ", 'content': {'offer': '" + id + "'}" + ((more != null) ? ", " + more : "") + "}";
    }
}
