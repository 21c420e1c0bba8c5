package io.signalranon.dispatcher.offer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The offer catalog of {@code offers.json}: placements in page order, the holdout group and the
 * offers. Every cross-reference is checked when the catalog is built: offer and placement ids are
 * unique, each offer names a known placement, and a fallback is an offer of its own placement.
 * @param placements the placements, in the order decisions list them
 * @param holdout the control group, {@link Holdout#NONE} when the file has none
 * @param offers the offers, in file order
 */
public record Catalog(List<Placement> placements, Holdout holdout, List<Offer> offers) {

    public Catalog {
        placements = List.copyOf(placements);
        Objects.requireNonNull(holdout, "holdout");
        offers = List.copyOf(offers);
        Set<String> placementIds = new HashSet<>();
        for (Placement placement : placements) {
            if (!placementIds.add(placement.id())) {
                throw CatalogException.placement(placement.id(), "duplicate placement id");
            }
        }
        Map<String, Offer> offersById = new HashMap<>();
        for (Offer offer : offers) {
            if (offersById.putIfAbsent(offer.id(), offer) != null) {
                throw CatalogException.offer(offer.id(), "duplicate offer id");
            }
            if (!placementIds.contains(offer.placement())) {
                throw CatalogException.offer(offer.id(), "unknown placement '" + offer.placement() + "'");
            }
        }
        for (Placement placement : placements) {
            checkFallback(placement, offersById);
        }
    }

    /**
     * Reads and validates a catalog file.
     * @param path the {@code offers.json} file
     * @return the catalog
     * @throws CatalogException when the file cannot be read, is not JSON or breaks a rule of the format
     */
    public static Catalog load(Path path) {
        return CatalogReader.read(path);
    }

    /**
     * Reads and validates a catalog from JSON text.
     * @param json the content of an {@code offers.json} file
     * @param source the name that error messages give the text, such as the file name
     * @return the catalog
     * @throws CatalogException when the text is not JSON or breaks a rule of the format
     */
    public static Catalog parse(String json, String source) {
        return CatalogReader.read(json, source);
    }

    /**
     * Tells how far back delivery history matters: deliveries older than {@code asOf} minus this
     * window never count towards a cap, so a caller need not load them.
     * @return the longest cap window of the catalog, {@link Duration#ZERO} when no offer has a cap
     */
    public Duration longestCapWindow() {
        return this.offers.stream()
                .map(Offer::cap)
                .filter(Objects::nonNull)
                .map(Cap::window)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    private static void checkFallback(Placement placement, Map<String, Offer> offersById) {
        if (placement.fallback() == null) {
            return;
        }
        Offer fallback = offersById.get(placement.fallback());
        if (fallback == null) {
            throw CatalogException.placement(
                    placement.id(), "fallback '" + placement.fallback() + "' is not an offer of the catalog");
        }
        if (!fallback.placement().equals(placement.id())) {
            throw CatalogException.placement(
                    placement.id(),
                    "fallback '" + placement.fallback() + "' belongs to placement '" + fallback.placement() + "'");
        }
    }
}
