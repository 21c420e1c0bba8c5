package io.signalranon.negotiate.visitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The keys of visitor cookies: the first signs new cookies, every one verifies (rotation: put the
 * new key first, keep the old one until the cookies it signed have been re-signed or expired).
 * Keys come only from the environment, {@value #ENVIRONMENT_VARIABLE}={@code kid2:<base64>,kid1:<base64>},
 * or from a file that {@value #FILE_ENVIRONMENT_VARIABLE} names (same text; commas, spaces or line
 * breaks between entries). {@link #toString()} shows the key ids only.
 *
 * @param keys the keys, the signing key first
 */
public record VisitorKeys(List<VisitorKey> keys) {

    /** The environment variable that holds the keys. */
    public static final String ENVIRONMENT_VARIABLE = "SIGNALR_ANON_VISITOR_KEYS";
    /** The environment variable that names a file holding the keys (for mounted secrets). */
    public static final String FILE_ENVIRONMENT_VARIABLE = "SIGNALR_ANON_VISITOR_KEYS_FILE";

    private static final String FORM = "kid:<base64 key>[,kid:<base64 key>...]";

    public VisitorKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new InvalidVisitorKeysException("at least one visitor key is required (" + FORM + ")");
        }
        Set<String> kids = new HashSet<>();
        for (VisitorKey key : keys) {
            if (!kids.add(key.kid())) {
                throw new InvalidVisitorKeysException("key id " + key.kid() + " is given twice: key ids must differ");
            }
        }
    }

    /** The key that signs new cookies. */
    public VisitorKey signingKey() {
        return keys.get(0);
    }

    /** The key with this id, if any. */
    public Optional<VisitorKey> find(String kid) {
        for (VisitorKey key : keys) {
            if (key.kid().equals(kid)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses {@code kid2:<base64>,kid1:<base64>} (standard or URL-safe base64, padding optional;
     * entries separated by commas, spaces or line breaks).
     *
     * @throws InvalidVisitorKeysException naming the entry by its position and key id, never the key
     */
    public static VisitorKeys parse(String text) {
        List<VisitorKey> keys = new ArrayList<>();
        String[] entries = text.strip().split("[,\\s]+");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new InvalidVisitorKeysException(
                        "visitor key entry " + (i + 1) + " has no key id: write each entry as " + FORM);
            }
            String kid = entry.substring(0, colon);
            if (!VisitorKey.KID.matcher(kid).matches()) {
                throw new InvalidVisitorKeysException("visitor key entry " + (i + 1)
                        + ": the key id must be 1 to 32 of A-Z a-z 0-9 _ - (" + FORM + ")");
            }
            keys.add(new VisitorKey(kid, decode(kid, entry.substring(colon + 1))));
        }
        if (keys.isEmpty()) {
            throw new InvalidVisitorKeysException("no visitor key given: write " + FORM);
        }
        return new VisitorKeys(keys);
    }

    /**
     * The keys from {@value #ENVIRONMENT_VARIABLE}, or from the file {@value #FILE_ENVIRONMENT_VARIABLE}
     * names; empty when neither is set.
     *
     * @param environment looks up an environment variable, e.g. {@code System::getenv}
     * @throws InvalidVisitorKeysException when both are set, the file cannot be read or the keys are malformed
     */
    public static Optional<VisitorKeys> fromEnvironment(Function<String, @Nullable String> environment) {
        String value = environment.apply(ENVIRONMENT_VARIABLE);
        String file = environment.apply(FILE_ENVIRONMENT_VARIABLE);
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new InvalidVisitorKeysException(
                    "both " + ENVIRONMENT_VARIABLE + " and " + FILE_ENVIRONMENT_VARIABLE + " are set: set only one");
        }
        if (hasValue) {
            return Optional.of(parseFrom(ENVIRONMENT_VARIABLE, value));
        }
        if (hasFile) {
            String text;
            try {
                text = Files.readString(Path.of(file.strip()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new InvalidVisitorKeysException(
                        "cannot read the visitor keys file that " + FILE_ENVIRONMENT_VARIABLE + " names ("
                                + file.strip() + "): " + e.getClass().getSimpleName());
            }
            return Optional.of(parseFrom(FILE_ENVIRONMENT_VARIABLE, text));
        }
        return Optional.empty();
    }

    /** One random key of 32 bytes with key id {@code dev}: for development, cookies die with the process. */
    public static VisitorKeys development() {
        byte[] secret = new byte[VisitorKey.MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        return new VisitorKeys(List.of(new VisitorKey("dev", secret)));
    }

    private static VisitorKeys parseFrom(String where, String text) {
        try {
            return parse(text);
        } catch (InvalidVisitorKeysException e) {
            throw new InvalidVisitorKeysException(where + ": " + e.getMessage());
        }
    }

    private static byte[] decode(String kid, String base64) {
        try {
            return Base64.getDecoder().decode(base64.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new InvalidVisitorKeysException("key " + kid
                    + " is not valid base64: give the key as base64 (for example: openssl rand -base64 32)");
        }
    }

    @Override
    public String toString() {
        return "VisitorKeys" + keys.stream().map(VisitorKey::kid).toList();
    }
}
