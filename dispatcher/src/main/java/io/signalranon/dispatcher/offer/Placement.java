package io.signalranon.dispatcher.offer;

import org.jspecify.annotations.Nullable;

/**
 * A slot on the page that shows offers, such as {@code hero} or {@code banner}.
 * @param id the placement id, unique in the catalog
 * @param maxItems how many offers the placement shows at most, at least 1
 * @param fallback the id of an offer of this placement shown when no offer is a candidate, or
 * {@code null} for none
 */
public record Placement(String id, int maxItems, @Nullable String fallback) {

    public Placement {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be >= 1, was " + maxItems);
        }
        if (fallback != null && fallback.isEmpty()) {
            throw new IllegalArgumentException("fallback must not be empty");
        }
    }
}
