package io.signalranon.emulator.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.signalranon.emulator.auth.TemporaryKeys.TemporaryKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the service that sign and verify client tokens: its access key, or, with local
 * authentication disabled (Entra ID), its temporary access keys, of which it hands out new ones
 * ({@link #temporaryKey()}) and uses one of its own for {@code :generateToken}. Thread-safe.
 */
public final class ServiceKeys {

    private static final Duration OWN_KEY_MARGIN = Duration.ofMinutes(2);

    private final @Nullable String accessKey;
    private final @Nullable TemporaryKeys temporaryKeys;
    private final Clock clock;
    private @Nullable TemporaryKey ownKey;

    private ServiceKeys(@Nullable String accessKey, @Nullable TemporaryKeys temporaryKeys, Clock clock) {
        this.accessKey = accessKey;
        this.temporaryKeys = temporaryKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A service with an access key. */
    public static ServiceKeys accessKey(String accessKey, Clock clock) {
        return new ServiceKeys(Objects.requireNonNull(accessKey, "accessKey"), null, clock);
    }

    /** A service with local authentication disabled: temporary keys only. */
    public static ServiceKeys temporary(TemporaryKeys temporaryKeys, Clock clock) {
        return new ServiceKeys(null, Objects.requireNonNull(temporaryKeys, "temporaryKeys"), clock);
    }

    /** Whether local authentication is disabled (no access key; temporary keys). */
    public boolean entra() {
        return temporaryKeys != null;
    }

    /** The keys that verify client tokens. */
    public SigningKeys clientTokenKeys() {
        return temporaryKeys != null ? temporaryKeys : SigningKeys.accessKey(accessKey());
    }

    /**
     * A new temporary access key.
     *
     * @throws IllegalStateException with an access key (the service hands them out with Entra ID only)
     */
    public TemporaryKey temporaryKey() {
        if (temporaryKeys == null) {
            throw new IllegalStateException("temporary access keys are served with Entra ID only");
        }
        return temporaryKeys.issue();
    }

    /** A client token as {@code :generateToken} makes it: {@code aud} the client URL, the user in {@code nameid} and {@code asrs.s.uid}. */
    public String clientToken(String audience, @Nullable String userId, Duration lifetime) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var builder = JWT.create()
                .withAudience(audience)
                .withIssuedAt(now)
                .withNotBefore(now)
                .withExpiresAt(now.plus(lifetime));
        if (userId != null) {
            builder.withClaim("nameid", userId).withClaim("asrs.s.uid", userId);
        }
        if (temporaryKeys == null) {
            return builder.sign(Algorithm.HMAC256(accessKey().getBytes(StandardCharsets.UTF_8)));
        }
        TemporaryKey key = ownKey();
        return builder.withKeyId(key.keyId())
                .sign(Algorithm.HMAC256(key.accessKey().getBytes(StandardCharsets.UTF_8)));
    }

    private synchronized TemporaryKey ownKey() {
        TemporaryKey current = ownKey;
        if (current == null || !clock.instant().plus(OWN_KEY_MARGIN).isBefore(current.expiresAt())) {
            current = Objects.requireNonNull(temporaryKeys, "signed with its own key only with temporary keys")
                    .issue();
            ownKey = current;
        }
        return current;
    }

    /** A service without temporary keys has an access key. */
    private String accessKey() {
        return Objects.requireNonNull(accessKey, "a service without temporary keys has an access key");
    }
}
