package io.signalranon.negotiate.visitor;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Mints ids for new visitors: {@code v-} and 128 random bits from {@link SecureRandom} in base64url
 * (24 characters in all), so no one can guess another visitor's id. Thread-safe.
 */
public final class NewVisitorIds {

    /** The random bits in a new id. */
    public static final int BITS = 128;

    private static final String PREFIX = "v-";

    private final SecureRandom random = new SecureRandom();

    /** A new random visitor id. */
    public String next() {
        byte[] bytes = new byte[BITS / 8];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
