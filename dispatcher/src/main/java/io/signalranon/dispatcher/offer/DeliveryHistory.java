package io.signalranon.dispatcher.offer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The past deliveries of offers to one user, as recorded when messages were sent (each at its run's
 * as-of instant). Only offers with a cap are asked about, and only when they are otherwise candidates.
 */
@FunctionalInterface
public interface DeliveryHistory {

    /**
     * @param offerId an offer id
     * @return the instants at which that offer was delivered to the user, in any order; empty when never
     */
    Collection<Instant> deliveriesOf(String offerId);

    /**
     * @return the history of a user who never received an offer
     */
    static DeliveryHistory none() {
        return (offerId) -> List.of();
    }

    /**
     * @param deliveriesByOfferId delivery instants keyed by offer id
     * @return a history backed by the map (not copied)
     */
    static DeliveryHistory of(Map<String, ? extends Collection<Instant>> deliveriesByOfferId) {
        return (offerId) -> {
            Collection<Instant> deliveries = deliveriesByOfferId.get(offerId);
            return (deliveries != null) ? deliveries : List.of();
        };
    }
}
