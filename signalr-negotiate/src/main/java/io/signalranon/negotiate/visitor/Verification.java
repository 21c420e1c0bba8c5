package io.signalranon.negotiate.visitor;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** The outcome of verifying a visitor cookie: a valid visitor, or the reason it was refused. */
public sealed interface Verification permits Verification.Valid, Verification.Refused {

    /**
     * A cookie that this site's server signed, still valid, for a valid visitor id.
     *
     * @param visitorId the visitor id
     * @param kid the id of the key that signed it
     * @param expiresAt when it expires
     */
    record Valid(String visitorId, String kid, Instant expiresAt) implements Verification {
        public Valid {
            Objects.requireNonNull(visitorId, "visitorId");
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * A refused cookie.
     *
     * @param reason why
     */
    record Refused(Reason reason) implements Verification {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a cookie is refused, in the order the checks run. */
    enum Reason {
        /** Not {@code v1.<id>.<exp>.<kid>.<mac>} with base64url without padding, a decimal expiry and a key id. */
        MALFORMED,
        /** Signed with a key id that is not configured. */
        UNKNOWN_KID,
        /** The MAC does not match. */
        BAD_MAC,
        /** The expiry has passed. */
        EXPIRED,
        /** Signed, but the id is not valid UTF-8 or breaks the visitor-id rule. */
        BAD_ID;

        /** The label of the shared test vectors, {@code bad-mac}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
