package io.signalranon.negotiate.visitor;

import io.signalranon.client.UserIds;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies visitor cookies, format v1: {@code v1.<id>.<exp>.<kid>.<mac>} where {@code <id>}
 * is base64url (no padding) of the UTF-8 visitor id, {@code <exp>} the expiry in decimal Unix
 * seconds, {@code <kid>} the key id and {@code <mac>} base64url (no padding) of
 * HMAC-SHA256(key, ASCII of {@code v1.<id>.<exp>.<kid>}). MACs are compared in constant time.
 * Thread-safe.
 */
public final class VisitorCookies {

    /** The version prefix of the format. */
    public static final String VERSION = "v1";
    /** The longest cookie value looked at; longer ones are malformed. */
    public static final int MAX_LENGTH = 400;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern EXPIRY = Pattern.compile("[0-9]{1,12}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final VisitorKeys keys;

    public VisitorCookies(VisitorKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The keys in use. */
    public VisitorKeys keys() {
        return keys;
    }

    /**
     * The cookie value for {@code visitorId}, signed with the first key.
     *
     * @throws IllegalArgumentException when the id breaks the visitor-id rule ({@link UserIds})
     */
    public String sign(String visitorId, Instant expiresAt) {
        UserIds.reason(visitorId).ifPresent(reason -> {
            throw new IllegalArgumentException("the visitor id " + reason);
        });
        VisitorKey key = keys.signingKey();
        String payload = VERSION + "." + ENCODER.encodeToString(visitorId.getBytes(StandardCharsets.UTF_8)) + "."
                + expiresAt.getEpochSecond() + "." + key.kid();
        return payload + "." + ENCODER.encodeToString(mac(key, payload));
    }

    /** Checks a cookie value at {@code now}: format, key id, MAC, expiry, then the id. */
    public Verification verify(String value, Instant now) {
        if (value == null || value.length() > MAX_LENGTH) {
            return refused(Verification.Reason.MALFORMED);
        }
        String[] fields = value.split("\\.", -1);
        if (fields.length != 5
                || !fields[0].equals(VERSION)
                || !BASE64URL.matcher(fields[1]).matches()
                || !EXPIRY.matcher(fields[2]).matches()
                || !VisitorKey.KID.matcher(fields[3]).matches()
                || !BASE64URL.matcher(fields[4]).matches()) {
            return refused(Verification.Reason.MALFORMED);
        }
        Optional<byte[]> mac = decode(fields[4]);
        Optional<byte[]> id = decode(fields[1]);
        if (mac.isEmpty() || mac.get().length != MAC_BYTES || id.isEmpty()) {
            return refused(Verification.Reason.MALFORMED);
        }
        Optional<VisitorKey> key = keys.find(fields[3]);
        if (key.isEmpty()) {
            return refused(Verification.Reason.UNKNOWN_KID);
        }
        String payload = value.substring(0, value.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(key.get(), payload), mac.get())) {
            return refused(Verification.Reason.BAD_MAC);
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[2]));
        if (!now.isBefore(expiresAt)) {
            return refused(Verification.Reason.EXPIRED);
        }
        Optional<String> visitorId = utf8(id.get());
        if (visitorId.isEmpty() || !UserIds.isValid(visitorId.get())) {
            return refused(Verification.Reason.BAD_ID);
        }
        return new Verification.Valid(visitorId.get(), fields[3], expiresAt);
    }

    private static Verification refused(Verification.Reason reason) {
        return new Verification.Refused(reason);
    }

    private static Optional<byte[]> decode(String base64url) {
        if (base64url.length() % 4 == 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(DECODER.decode(base64url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(VisitorKey key, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secretBytes(), ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }
}
