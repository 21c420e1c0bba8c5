package io.signalranon.dispatcher.offer;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An offer catalog that cannot be used: not JSON, a value of the wrong type, or a broken rule of the
 * {@code offers.json} format. Carries the part of the catalog at fault, the id of the offending
 * offer or placement (when it has one) and the rule broken, so the message reads like
 * {@code offers.json: offer 'cart-10': validFrom 2027-01-01T00:00:00Z is after validTo 2026-12-01T00:00:00Z}.
 * The command line reports it as invalid configuration (exit code 2).
 */
public final class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The part of the catalog that breaks a rule. */
    public enum Part {

        /** The file as a whole: unreadable, not JSON, or a bad top-level key. */
        CATALOG,

        /** The {@code holdout} object. */
        HOLDOUT,

        /** One entry of {@code placements}. */
        PLACEMENT,

        /** One entry of {@code offers}. */
        OFFER
    }

    private final @Nullable String source;

    private final Part part;

    private final @Nullable String id;

    private final String rule;

    private CatalogException(
            @Nullable String source, Part part, @Nullable String id, String rule, @Nullable Throwable cause) {
        super(message(source, part, id, rule), cause);
        this.source = source;
        this.part = Objects.requireNonNull(part, "part");
        this.id = id;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    static CatalogException catalog(String rule) {
        return new CatalogException(null, Part.CATALOG, null, rule, null);
    }

    static CatalogException catalog(String rule, Throwable cause) {
        return new CatalogException(null, Part.CATALOG, null, rule, cause);
    }

    static CatalogException holdout(String rule) {
        return new CatalogException(null, Part.HOLDOUT, null, rule, null);
    }

    static CatalogException placement(String id, String rule) {
        return new CatalogException(null, Part.PLACEMENT, id, rule, null);
    }

    static CatalogException offer(String id, String rule) {
        return new CatalogException(null, Part.OFFER, id, rule, null);
    }

    /**
     * Returns the same error attributed to a source.
     * @param source the name of the catalog file as the user gave it
     * @return a copy of this exception whose message starts with the source
     */
    CatalogException withSource(String source) {
        return new CatalogException(source, this.part, this.id, this.rule, getCause());
    }

    /**
     * @return the file the catalog came from, or {@code null} for a catalog built in code
     */
    public @Nullable String source() {
        return this.source;
    }

    /**
     * @return the part of the catalog at fault
     */
    public Part part() {
        return this.part;
    }

    /**
     * @return the id of the offending offer or placement, or {@code null} when the part has no id
     * (the file, the holdout, or an entry whose id itself is missing)
     */
    public @Nullable String id() {
        return this.id;
    }

    /**
     * @return the rule broken, without the source and subject prefix
     */
    public String rule() {
        return this.rule;
    }

    private static String message(@Nullable String source, Part part, @Nullable String id, String rule) {
        StringBuilder message = new StringBuilder();
        if (source != null) {
            message.append(source).append(": ");
        }
        if (part == Part.HOLDOUT) {
            message.append("holdout: ");
        } else if (id != null) {
            message.append(part == Part.OFFER ? "offer '" : "placement '")
                    .append(id)
                    .append("': ");
        }
        return message.append(rule).toString();
    }
}
