package io.signalranon.dispatcher.offer;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One offer of the catalog.
 * @param id the offer id, unique in the catalog
 * @param placement the id of the placement that shows it
 * @param priority the rank inside the placement: higher first, ties broken by id
 * @param eligibility who may receive it
 * @param validFrom the first instant it may be sent, or {@code null} for no lower bound
 * @param validTo the first instant it may no longer be sent, or {@code null} for no upper bound
 * @param cap the frequency cap, or {@code null} for none
 * @param content the JSON object sent to the page as it is; must not be modified
 */
public record Offer(
        String id,
        String placement,
        int priority,
        Eligibility eligibility,
        @Nullable Instant validFrom,
        @Nullable Instant validTo,
        @Nullable Cap cap,
        ObjectNode content) {

    public Offer {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if (placement == null || placement.isEmpty()) {
            throw new IllegalArgumentException("placement must not be empty");
        }
        Objects.requireNonNull(eligibility, "eligibility");
        Objects.requireNonNull(content, "content");
        if (validFrom != null && validTo != null && !validFrom.isBefore(validTo)) {
            throw new IllegalArgumentException("validFrom " + validFrom
                    + (validFrom.equals(validTo) ? " equals validTo " : " is after validTo ") + validTo);
        }
    }

    /**
     * @param asOf the run's as-of instant
     * @return whether {@code validFrom <= asOf < validTo}, a missing bound being no bound
     */
    public boolean isValidAt(Instant asOf) {
        return (this.validFrom == null || !asOf.isBefore(this.validFrom))
                && (this.validTo == null || asOf.isBefore(this.validTo));
    }
}
