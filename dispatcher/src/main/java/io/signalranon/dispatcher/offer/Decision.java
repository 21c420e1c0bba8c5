package io.signalranon.dispatcher.offer;

import java.util.List;

/**
 * The outcome of deciding one user's offers: either held out (the user is in the control group and
 * gets no message), or the offers chosen, in the catalog's placement order and then rank order. An
 * empty list is a real decision: the page clears the offers it shows.
 * @param holdout whether the user is in the holdout group
 * @param offers the chosen offers; always empty for a holdout
 */
public record Decision(boolean holdout, List<ChosenOffer> offers) {

    /** The decision for a user in the holdout group. */
    public static final Decision HOLDOUT = new Decision(true, List.of());

    public Decision {
        offers = List.copyOf(offers);
        if (holdout && !offers.isEmpty()) {
            throw new IllegalArgumentException("a holdout decision has no offers");
        }
    }

    /**
     * @param offers the chosen offers, possibly none
     * @return a decision that sends these offers
     */
    public static Decision of(List<ChosenOffer> offers) {
        return new Decision(false, offers);
    }

    /**
     * @return the ids of the chosen offers, in order
     */
    public List<String> offerIds() {
        return this.offers.stream().map(ChosenOffer::offerId).toList();
    }
}
