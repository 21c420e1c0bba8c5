package io.signalranon.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An Entra ID access token for the service and when it expires. {@link #toString()} never shows it.
 *
 * @param value the token, sent as {@code Authorization: Bearer <value>}
 * @param expiresAt when it expires
 */
public record EntraToken(String value, Instant expiresAt) {

    public EntraToken {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "EntraToken[" + Tokens.mask(value) + ", expiresAt=" + expiresAt + "]";
    }
}
