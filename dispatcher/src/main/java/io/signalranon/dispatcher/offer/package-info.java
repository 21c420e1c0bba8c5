/**
 * Offer decisioning: the {@code offers.json} {@link io.signalranon.dispatcher.offer.Catalog}, the
 * {@link io.signalranon.dispatcher.offer.DecisionEngine} that picks each user's offers, and the
 * {@link io.signalranon.dispatcher.offer.OfferMessageComposer} that turns a decision into the JSON body
 * sent to the user's SignalR target. Plain Java and Jackson only, so the rules are unit-tested without
 * the batch job around them.
 */
package io.signalranon.dispatcher.offer;
