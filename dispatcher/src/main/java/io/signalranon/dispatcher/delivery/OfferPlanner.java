package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.ChosenOffer;
import io.signalranon.dispatcher.offer.Decision;
import io.signalranon.dispatcher.offer.DecisionEngine;
import io.signalranon.dispatcher.offer.DeliveryHistory;
import io.signalranon.dispatcher.offer.Offer;
import io.signalranon.dispatcher.offer.OfferMessage;
import io.signalranon.dispatcher.offer.OfferMessageComposer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides each targeted user's offers from offers.json: the user's current audiences and, for
 * frequency caps, past deliveries, both read for the whole chunk in a few queries; then the
 * decision and the message are built per user. Suppressed, non-consenting and holdout users get
 * {@link DispatchItem.Withheld}.
 */
public class OfferPlanner implements DispatchPlanner {

    private final DecisionEngine engine;
    private final OfferMessageComposer composer;
    private final Map<String, Offer> offers;
    private final Duration capWindow;
    private final JdbcTemplate jdbc;
    private final OfferSentRepository offersSent;
    private final long jobInstanceId;
    private final Instant asOf;

    public OfferPlanner(Catalog catalog, OfferMessageComposer composer, JdbcTemplate jdbc, OfferSentRepository offersSent,
                        long jobInstanceId, Instant asOf) {
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
    public ChunkPlan plan(List<? extends DispatchTarget> targets) {
        List<DispatchTarget> reached = targets.stream().filter(t -> t.withheld() == null).map(t -> (DispatchTarget) t).toList();
        Map<String, Set<String>> audiences = audiences(reached.stream().map(DispatchTarget::cdpId).distinct().toList());
        Map<String, Map<String, List<Instant>>> deliveries = capWindow.isZero() ? Map.of()
                : offersSent.deliveriesSince(reached.stream().map(DispatchTarget::userId).toList(), asOf.minus(capWindow));
        return target -> decide(target, audiences.getOrDefault(target.cdpId(), Set.of()),
                deliveries.getOrDefault(target.userId(), Map.of()));
    }

    private DispatchItem decide(DispatchTarget target, Set<String> audiences, Map<String, List<Instant>> deliveries) {
        if (target.withheld() != null) {
            return new DispatchItem.Withheld(target.userId(), target.withheld());
        }
        DeliveryHistory history = offerId -> deliveries.getOrDefault(offerId, List.of());
        Decision decision = engine.decide(target.userId(), audiences, asOf, history);
        if (decision.holdout()) {
            return new DispatchItem.Withheld(target.userId(), DispatchItem.WithholdReason.HOLDOUT);
        }
        OfferMessage message = composer.compose(jobInstanceId, target.userId(), asOf, decision.offers());
        return new DispatchItem.Send(new OutgoingMessage(target.userId(), message.messageId().toString(),
                message.body(), decision.offerIds(), expiry(decision.offers())));
    }

    private Map<String, Set<String>> audiences(List<String> cdpIds) {
        Map<String, Set<String>> audiences = new HashMap<>();
        for (List<String> ids : InList.slices(cdpIds)) {
            jdbc.query("SELECT CDP_ID, AUDIENCE FROM MEMBERSHIP WHERE MEMBER = TRUE AND CDP_ID IN (" + InList.marks(ids) + ")",
                    rs -> {
                        audiences.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                    }, ids.toArray());
        }
        return audiences;
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
