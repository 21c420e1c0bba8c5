package io.signalranon.negotiate.visitor;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One key that signs and verifies visitor cookies. {@link #toString()} shows the key id only.
 *
 * @param kid the key id written into cookies, {@code [A-Za-z0-9_-]{1,32}}
 * @param secret the HMAC-SHA256 key, at least {@value #MIN_BYTES} bytes
 */
public record VisitorKey(String kid, byte[] secret) {

    /** The shortest key accepted, in bytes. */
    public static final int MIN_BYTES = 32;
    /** The form of a key id. */
    public static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public VisitorKey {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new InvalidVisitorKeysException("a key id must be 1 to 32 of A-Z a-z 0-9 _ -");
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_BYTES) {
            throw new InvalidVisitorKeysException("key " + kid + " is " + secret.length + " bytes long: a visitor key"
                    + " must be at least " + MIN_BYTES + " random bytes (for example: openssl rand -base64 32)");
        }
        secret = secret.clone();
    }

    /** A copy of the key bytes. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    byte[] secretBytes() {
        return secret;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VisitorKey key && kid.equals(key.kid) && Arrays.equals(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "VisitorKey[kid=" + kid + ", secret=***]";
    }
}
