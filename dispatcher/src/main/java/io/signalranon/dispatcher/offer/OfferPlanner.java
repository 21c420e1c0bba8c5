package io.signalranon.dispatcher.offer;

import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.TargetRange;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides each targeted user's offers from offers.json: the user's current audiences and, for
 * frequency caps, past deliveries, both read for the whole chunk in a few queries; then the
 * decision and the message are built per user. Suppressed, non-consenting and holdout users get
 * {@link DispatchItem.Withheld}.
 *
 * <p>The {@link DispatchTargetReader} reads each chunk's targets ahead, while the chunk before is sent,
 * and has this planner {@link #prepare} what their decisions need on its helper thread: the step's
 * thread then finds it ready. The data read does not change during the step (memberships), or is not
 * written by the chunk in flight (past deliveries of other users); data prepared for other targets
 * than the chunk's is not used.
 */
public class OfferPlanner implements DispatchPlanner {

    private final DecisionEngine engine;
    private final OfferMessageComposer composer;
    private final Map<String, Offer> offers;
    private final Duration capWindow;
    private final DispatchTargetRepository targets;
    private final OfferSentRepository offersSent;
    private final long jobInstanceId;
    private final Instant asOf;
    private volatile @Nullable Lookup prepared;

    public OfferPlanner(
            Catalog catalog,
            OfferMessageComposer composer,
            DispatchTargetRepository targets,
            OfferSentRepository offersSent,
            long jobInstanceId,
            Instant asOf) {
        this.engine = new DecisionEngine(catalog);
        this.composer = Objects.requireNonNull(composer, "composer");
        this.offers = catalog.offers().stream().collect(Collectors.toMap(Offer::id, Function.identity()));
        this.capWindow = catalog.longestCapWindow();
        this.targets = Objects.requireNonNull(targets, "targets");
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.jobInstanceId = jobInstanceId;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
    }

    /** Reads ahead what the decisions of a chunk of targets will need (called from another thread). */
    public void prepare(TargetRange range) {
        prepared = lookup(range);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The targets are a chunk of the run's DISPATCH_TARGET rows read in key order: audiences and
     * past deliveries are read for that {@link TargetRange}, unless they were {@linkplain #prepare prepared}.
     */
    @Override
    public ChunkPlan plan(List<? extends DispatchTarget> targets) {
        if (targets.isEmpty()) {
            return target -> decide(target, Set.of(), Map.of());
        }
        TargetRange range = TargetRange.of(jobInstanceId, targets);
        Lookup ready = prepared;
        prepared = null;
        Lookup lookup = ready != null && ready.range().equals(range) ? ready : lookup(range);
        return new ChunkPlan() {
            @Override
            public DispatchItem decide(DispatchTarget target) {
                return OfferPlanner.this.decide(
                        target,
                        lookup.audiences().getOrDefault(target.userId(), Set.of()),
                        lookup.deliveries().getOrDefault(target.userId(), Map.of()));
            }

            @Override
            public @Nullable Explanation explain(DispatchTarget target) {
                if (target.withheld() != null) {
                    return null;
                }
                Map<String, List<Instant>> deliveries = lookup.deliveries().getOrDefault(target.userId(), Map.of());
                return engine.explain(
                        target.userId(),
                        lookup.audiences().getOrDefault(target.userId(), Set.of()),
                        asOf,
                        offerId -> deliveries.getOrDefault(offerId, List.of()));
            }
        };
    }

    private Lookup lookup(TargetRange range) {
        return new Lookup(
                range,
                targets.audiences(range),
                capWindow.isZero() ? Map.of() : offersSent.deliveriesSince(range, asOf.minus(capWindow)));
    }

    private DispatchItem decide(DispatchTarget target, Set<String> audiences, Map<String, List<Instant>> deliveries) {
        if (target.withheld() != null) {
            return new DispatchItem.Withheld(target.userId(), target.withheld());
        }
        DeliveryHistory history = offerId -> deliveries.getOrDefault(offerId, List.of());
        Decision decision = engine.decide(target.userId(), audiences, asOf, history);
        if (decision.holdout()) {
            return new DispatchItem.Withheld(target.userId(), WithholdReason.HOLDOUT);
        }
        OfferMessage message = composer.compose(jobInstanceId, target.userId(), asOf, decision.offers());
        return new DispatchItem.Send(new OutgoingMessage(
                target.userId(),
                message.messageId().toString(),
                message.body(),
                decision.offerIds(),
                expiry(decision.offers())));
    }

    /** What the decisions of one chunk read from the database. */
    private record Lookup(
            TargetRange range,
            Map<String, Set<String>> audiences,
            Map<String, Map<String, List<Instant>>> deliveries) {}

    private @Nullable Instant expiry(List<ChosenOffer> chosen) {
        Instant latest = null;
        for (ChosenOffer offer : chosen) {
            Instant validTo = Objects.requireNonNull(offers.get(offer.offerId()), "a chosen offer is in the catalog")
                    .validTo();
            if (validTo == null) {
                return null;
            }
            latest = latest == null || validTo.isAfter(latest) ? validTo : latest;
        }
        return latest;
    }
}
