package io.signalranon.emulator.auth;

import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The temporary access keys that a service with local authentication disabled hands to Entra ID
 * identities ({@code GET /api/v1/auth/accessKey}): each has a key id and expires after its lifetime
 * (90 minutes by default, as the service's). They verify client tokens by their {@code kid}; a
 * token without {@code kid}, or whose key is unknown or expired, is refused. Thread-safe.
 */
public final class TemporaryKeys implements SigningKeys {

    /** The lifetime of a temporary key unless told otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(90);

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> keys = new ConcurrentHashMap<>();

    /** A key handed out, with its verifier. */
    private record Issued(String accessKey, Instant expiresAt, Algorithm verifier) {}

    /**
     * A temporary key as the service returns it.
     *
     * @param keyId the id that client tokens name in their {@code kid}
     * @param accessKey the key; its UTF-8 bytes sign (HS256)
     * @param expiresAt when the service stops accepting it
     */
    public record TemporaryKey(String keyId, String accessKey, Instant expiresAt) {

        @Override
        public String toString() {
            return "TemporaryKey[keyId=" + keyId + ", accessKey=***, expiresAt=" + expiresAt + "]";
        }
    }

    public TemporaryKeys(Clock clock, Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("temporary key lifetime must be positive, got " + lifetime);
        }
    }

    /** A new key, valid for the lifetime from now; expired keys are forgotten. */
    public TemporaryKey issue() {
        Instant now = clock.instant();
        keys.values().removeIf(issued -> !now.isBefore(issued.expiresAt()));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String accessKey = Base64.getEncoder().encodeToString(bytes);
        String keyId = UUID.randomUUID().toString();
        Instant expiresAt = now.plus(lifetime);
        keys.put(
                keyId, new Issued(accessKey, expiresAt, Algorithm.HMAC256(accessKey.getBytes(StandardCharsets.UTF_8))));
        return new TemporaryKey(keyId, accessKey, expiresAt);
    }

    /** The ids of the keys handed out that have not expired. */
    public Set<String> keyIds() {
        Instant now = clock.instant();
        return keys.entrySet().stream()
                .filter(entry -> now.isBefore(entry.getValue().expiresAt()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Found find(String keyId) {
        if (keyId == null) {
            return new None("local authentication is disabled: a client token must be signed with a temporary"
                    + " access key and name it in its kid header");
        }
        Issued issued = keys.get(keyId);
        if (issued == null) {
            return new None("the token's kid is not a temporary access key of this service");
        }
        if (!clock.instant().isBefore(issued.expiresAt())) {
            return new None("the temporary access key of the token's kid expired at " + issued.expiresAt());
        }
        return new Key(issued.verifier());
    }
}
