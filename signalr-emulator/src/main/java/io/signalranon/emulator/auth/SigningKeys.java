package io.signalranon.emulator.auth;

import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The keys that may sign HS256 tokens (REST or client), found by a token's {@code kid}. */
public interface SigningKeys {

    /** What a lookup found: the verifier, or why no key may have signed the token. */
    sealed interface Found {}

    /** The key of the token. */
    record Key(Algorithm verifier) implements Found {}

    /** No key: the reason is safe to show to the caller. */
    record None(String reason) implements Found {}

    /** The key for a token with this {@code kid} ({@code null} when it has none). */
    Found find(String keyId);

    /** The access key of a connection string, whatever the {@code kid} (the service does not read it for access keys). */
    static SigningKeys accessKey(String accessKey) {
        Key key = new Key(
                Algorithm.HMAC256(Objects.requireNonNull(accessKey, "accessKey").getBytes(StandardCharsets.UTF_8)));
        return keyId -> key;
    }
}
