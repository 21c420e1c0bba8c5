package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.ChosenOffer;
import io.signalranon.dispatcher.offer.Decision;
import io.signalranon.dispatcher.offer.DecisionEngine;
import io.signalranon.dispatcher.offer.DeliveryHistory;
import io.signalranon.dispatcher.offer.Offer;
import io.signalranon.dispatcher.offer.OfferMessage;
import io.signalranon.dispatcher.offer.OfferMessageComposer;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides one targeted user's offers from the user's current audiences and delivery history, and
 * builds the message; suppressed, non-consenting and holdout users become {@link DispatchItem.Withheld}.
 */
public class DecisionProcessor implements ItemProcessor<DispatchTarget, DispatchItem> {

    private final DecisionEngine engine;
    private final OfferMessageComposer composer;
    private final Map<String, Offer> offers;
    private final Duration capWindow;
    private final JdbcTemplate jdbc;
    private final OfferSentRepository offersSent;
    private final long jobInstanceId;
    private final Instant asOf;

    public DecisionProcessor(Catalog catalog, OfferMessageComposer composer, JdbcTemplate jdbc,
                             OfferSentRepository offersSent, long jobInstanceId, Instant asOf) {
        this.engine = new DecisionEngine(catalog);
        this.composer = Objects.requireNonNull(composer, "composer");
        this.offers = catalog.offers().stream().collect(Collectors.toMap(Offer::id, Function.identity()));
        this.capWindow = catalog.longestCapWindow();
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.jobInstanceId = jobInstanceId;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
    }

    @Override
    public DispatchItem process(DispatchTarget target) {
        if (target.withheld() != null) {
            return new DispatchItem.Withheld(target.userId(), target.withheld());
        }
        Decision decision = engine.decide(target.userId(), audiencesOf(target.cdpId()), asOf, history(target.userId()));
        if (decision.holdout()) {
            return new DispatchItem.Withheld(target.userId(), DispatchItem.WithholdReason.HOLDOUT);
        }
        OfferMessage message = composer.compose(jobInstanceId, target.userId(), asOf, decision.offers());
        return new DispatchItem.Send(new OutgoingMessage(target.userId(), message.messageId().toString(),
                message.body(), decision.offerIds(), expiry(decision.offers())));
    }

    private Set<String> audiencesOf(String cdpId) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT AUDIENCE FROM MEMBERSHIP WHERE CDP_ID = ? AND MEMBER = TRUE", String.class, cdpId));
    }

    private DeliveryHistory history(String userId) {
        if (capWindow.isZero()) {
            return DeliveryHistory.none();
        }
        return new DeliveryHistory() {
            private Map<String, List<Instant>> byOffer;

            @Override
            public List<Instant> deliveriesOf(String offerId) {
                if (byOffer == null) {
                    byOffer = new HashMap<>();
                    for (OfferSentRepository.Delivery d : offersSent.deliveriesSince(userId, asOf.minus(capWindow))) {
                        byOffer.computeIfAbsent(d.offerId(), k -> new ArrayList<>()).add(d.at());
                    }
                }
                return byOffer.getOrDefault(offerId, List.of());
            }
        };
    }

    private Instant expiry(List<ChosenOffer> chosen) {
        Instant latest = null;
        for (ChosenOffer offer : chosen) {
            Instant validTo = offers.get(offer.offerId()).validTo();
            if (validTo == null) {
                return null;
            }
            latest = latest == null || validTo.isAfter(latest) ? validTo : latest;
        }
        return latest;
    }
}
