package io.signalranon.client;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one REST call came to. The client never retries on its own: the caller decides from
 * {@link Kind} and {@link #retryAfter()}.
 *
 * @param kind delivered, retryable or permanent
 * @param status the HTTP status, or 0 when no response arrived (I/O error, timeout)
 * @param errorCode the service's {@code x-ms-error-code} (or body {@code code}), else {@code null}
 * @param reason a short human-readable reason, never containing a token or the key
 * @param retryAfter the parsed {@code Retry-After} delay of a retryable outcome, else {@code null}
 */
public record SendOutcome(
        Kind kind,
        int status,
        @Nullable String errorCode,
        String reason,
        @Nullable Duration retryAfter) {

    /** How the caller should treat an outcome. */
    public enum Kind {
        /** 2xx: accepted by the service. */
        DELIVERED,
        /** Worth another attempt: I/O error, timeout, 408, 429, 5xx. */
        RETRYABLE,
        /** Will fail the same way again: 4xx other than 408 and 429. */
        PERMANENT
    }

    public SendOutcome {
        Objects.requireNonNull(kind, "kind");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or an HTTP status, got " + status);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    public boolean delivered() {
        return kind == Kind.DELIVERED;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }
}
