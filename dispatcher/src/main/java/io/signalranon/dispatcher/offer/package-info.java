/**
 * Offer decisioning: the {@code offers.json} {@link io.signalranon.dispatcher.offer.Catalog}, the
 * {@link io.signalranon.dispatcher.offer.DecisionEngine} that picks each user's offers, the
 * {@link io.signalranon.dispatcher.offer.OfferMessageComposer} that turns a decision into the JSON body
 * sent to the user's SignalR target, the planner that prepares a chunk's decisions, and the history of
 * delivered offers ({@code OFFER_SENT}) that frequency caps count.
 */
@NullMarked
package io.signalranon.dispatcher.offer;

import org.jspecify.annotations.NullMarked;
