package io.signalranon.dispatcher.offer;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * An offer picked for one user, as it goes into the message.
 * @param placement the placement id
 * @param offerId the offer id
 * @param content the offer's content, shared with the catalog; must not be modified
 */
public record ChosenOffer(String placement, String offerId, ObjectNode content) {

    public ChosenOffer {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(content, "content");
    }

    static ChosenOffer of(Offer offer) {
        return new ChosenOffer(offer.placement(), offer.id(), offer.content());
    }
}
