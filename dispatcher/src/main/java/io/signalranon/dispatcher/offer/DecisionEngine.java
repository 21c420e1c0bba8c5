package io.signalranon.dispatcher.offer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which offers one user gets, following the rules of {@code offers.json}:
 * <ol>
 * <li>a user whose holdout bucket is below the holdout percent gets nothing ({@link Decision#HOLDOUT});</li>
 * <li>an offer is a candidate when its eligibility holds for the user's audiences,
 * {@code validFrom <= asOf < validTo}, and its cap is not reached (fewer than {@code max} deliveries in
 * {@code (asOf - days, asOf]});</li>
 * <li>each placement, in catalog order, takes its candidates by priority descending then id ascending,
 * up to {@code maxItems}; with no candidate it takes its fallback if the fallback is inside its validity
 * window (a fallback needs no eligibility and has no cap).</li>
 * </ol>
 * The ranking is computed once when the engine is built; a decision only walks each placement's
 * ranked offers until the placement is full. Instances are immutable and safe to share between threads.
 */
public final class DecisionEngine {

    private static final Comparator<Offer> RANK =
            Comparator.comparingInt(Offer::priority).reversed().thenComparing(Offer::id);

    private final Holdout holdout;

    private final List<RankedPlacement> placements;

    private final Set<String> namedAudiences = new java.util.HashSet<>();

    /**
     * @param catalog the validated catalog
     */
    public DecisionEngine(Catalog catalog) {
        this.holdout = catalog.holdout();
        this.placements = catalog.placements().stream()
                .map((placement) -> rank(placement, catalog.offers()))
                .toList();
        catalog.offers().forEach(offer -> Explanation.named(offer.eligibility(), this.namedAudiences));
    }

    /**
     * Explains the decision {@link #decide} makes with the same arguments: the audiences that count, the
     * rule of each chosen offer, and the eligible offers that lost to {@code maxItems}, a cap or validity.
     */
    public Explanation explain(String userId, Set<String> memberships, Instant asOf, DeliveryHistory history) {
        if (this.holdout.holdsOut(userId)) {
            return Explanation.heldOut();
        }
        List<Explanation.Chosen> chosen = new ArrayList<>();
        List<Explanation.Lost> lost = new ArrayList<>();
        for (RankedPlacement placement : this.placements) {
            placement.explain(memberships, asOf, history, chosen, lost);
        }
        return new Explanation(false, Explanation.counted(memberships, this.namedAudiences), chosen, lost);
    }

    /**
     * Decides one user's offers.
     * @param userId the SignalR user id (it selects the holdout bucket)
     * @param memberships the audience ids the user belongs to now
     * @param asOf the run's as-of instant, for validity windows and caps
     * @param history the user's past deliveries, asked only about capped candidates
     * @return the holdout decision, or the chosen offers in placement order then rank order
     */
    public Decision decide(String userId, Set<String> memberships, Instant asOf, DeliveryHistory history) {
        if (this.holdout.holdsOut(userId)) {
            return Decision.HOLDOUT;
        }
        List<ChosenOffer> chosen = new ArrayList<>();
        for (RankedPlacement placement : this.placements) {
            placement.choose(memberships, asOf, history, chosen);
        }
        return Decision.of(chosen);
    }

    private static RankedPlacement rank(Placement placement, List<Offer> offers) {
        List<Offer> ranked = offers.stream()
                .filter((offer) -> offer.placement().equals(placement.id()))
                .sorted(RANK)
                .toList();
        Offer fallback = offers.stream()
                .filter((offer) -> offer.id().equals(placement.fallback()))
                .findFirst()
                .orElse(null);
        return new RankedPlacement(ranked, placement.maxItems(), fallback);
    }

    /**
     * One placement's offers in rank order, each with its ready-made {@link ChosenOffer}.
     */
    private static final class RankedPlacement {

        private final Offer[] offers;

        private final ChosenOffer[] chosenOffers;

        private final int maxItems;

        private final @Nullable Offer fallback;

        private final @Nullable ChosenOffer chosenFallback;

        RankedPlacement(List<Offer> ranked, int maxItems, @Nullable Offer fallback) {
            this.offers = ranked.toArray(Offer[]::new);
            this.chosenOffers = ranked.stream().map(ChosenOffer::of).toArray(ChosenOffer[]::new);
            this.maxItems = maxItems;
            this.fallback = fallback;
            this.chosenFallback = (fallback != null) ? ChosenOffer.of(fallback) : null;
        }

        void choose(Set<String> memberships, Instant asOf, DeliveryHistory history, List<ChosenOffer> chosen) {
            int taken = 0;
            for (int i = 0; i < this.offers.length && taken < this.maxItems; i++) {
                if (isCandidate(this.offers[i], memberships, asOf, history)) {
                    chosen.add(this.chosenOffers[i]);
                    taken++;
                }
            }
            if (taken == 0 && this.fallback != null && this.chosenFallback != null && this.fallback.isValidAt(asOf)) {
                chosen.add(this.chosenFallback);
            }
        }

        void explain(
                Set<String> memberships,
                Instant asOf,
                DeliveryHistory history,
                List<Explanation.Chosen> chosen,
                List<Explanation.Lost> lost) {
            int taken = 0;
            for (Offer offer : this.offers) {
                if (!offer.eligibility().test(memberships)) {
                    continue;
                }
                String reason = !offer.isValidAt(asOf)
                        ? "validity"
                        : offer.cap() != null && offer.cap().isReached(history.deliveriesOf(offer.id()), asOf)
                                ? "cap"
                                : taken >= this.maxItems ? "max-items" : null;
                if (reason == null) {
                    chosen.add(new Explanation.Chosen(
                            offer.id(), offer.placement(), "eligibility", Explanation.json(offer.eligibility())));
                    taken++;
                } else {
                    lost.add(new Explanation.Lost(offer.id(), offer.placement(), reason));
                }
            }
            if (taken == 0 && this.fallback != null && this.fallback.isValidAt(asOf)) {
                chosen.add(new Explanation.Chosen(
                        this.fallback.id(),
                        this.fallback.placement(),
                        "fallback",
                        Explanation.json(Eligibility.everyone())));
            }
        }

        private static boolean isCandidate(
                Offer offer, Set<String> memberships, Instant asOf, DeliveryHistory history) {
            return offer.isValidAt(asOf)
                    && offer.eligibility().test(memberships)
                    && (offer.cap() == null || !offer.cap().isReached(history.deliveriesOf(offer.id()), asOf));
        }
    }
}
