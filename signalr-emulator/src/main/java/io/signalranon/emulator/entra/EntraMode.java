package io.signalranon.emulator.entra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The emulator as a service with local authentication disabled: REST calls need an Entra ID token
 * ({@link EntraTokenCheck}) from its own identity endpoint ({@link ManagedIdentityHandler}) or from
 * the issuers in {@code issuerKeys}, and a role that allows them; client tokens must be signed with a
 * temporary access key ({@link io.signalranon.emulator.auth.TemporaryKeys}); access-key tokens are refused.
 *
 * @param issuerKeys a JWKS or PEM file of other trusted issuers' keys, or {@code null}
 * @param role the role every identity holds on this service
 * @param identitySecret the {@code IDENTITY_HEADER} its identity endpoint expects
 * @param tokenLifetime the lifetime of the identity endpoint's tokens
 * @param temporaryKeyLifetime the lifetime of temporary access keys
 * @param identityAudience the audience of the identity endpoint's tokens instead of the requested resource (a
 *     fault), or {@code null}
 */
public record EntraMode(
        @Nullable Path issuerKeys,
        Role role,
        String identitySecret,
        Duration tokenLifetime,
        Duration temporaryKeyLifetime,
        @Nullable String identityAudience) {

    /** The lifetime of the identity endpoint's tokens unless told otherwise. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    public EntraMode {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(identitySecret, "identitySecret");
        requirePositive("token lifetime", tokenLifetime);
        requirePositive("temporary key lifetime", temporaryKeyLifetime);
        if (identitySecret.isEmpty()) {
            throw new IllegalArgumentException("the identity header value must not be empty");
        }
    }

    /** Every identity a Service Owner, 1-hour tokens, 90-minute temporary keys, a random identity header. */
    public static EntraMode defaults() {
        return new EntraMode(
                null,
                Role.SERVICE_OWNER,
                java.util.UUID.randomUUID().toString(),
                DEFAULT_TOKEN_LIFETIME,
                io.signalranon.emulator.auth.TemporaryKeys.DEFAULT_LIFETIME,
                null);
    }

    public EntraMode withIssuerKeys(Path file) {
        return new EntraMode(file, role, identitySecret, tokenLifetime, temporaryKeyLifetime, identityAudience);
    }

    public EntraMode withRole(Role newRole) {
        return new EntraMode(
                issuerKeys, newRole, identitySecret, tokenLifetime, temporaryKeyLifetime, identityAudience);
    }

    public EntraMode withTokenLifetime(Duration lifetime) {
        return new EntraMode(issuerKeys, role, identitySecret, lifetime, temporaryKeyLifetime, identityAudience);
    }

    public EntraMode withTemporaryKeyLifetime(Duration lifetime) {
        return new EntraMode(issuerKeys, role, identitySecret, tokenLifetime, lifetime, identityAudience);
    }

    public EntraMode withIdentityAudience(String audience) {
        return new EntraMode(issuerKeys, role, identitySecret, tokenLifetime, temporaryKeyLifetime, audience);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "EntraMode[issuerKeys=" + issuerKeys + ", role=" + role.label() + ", identitySecret=***, tokenLifetime="
                + tokenLifetime + ", temporaryKeyLifetime=" + temporaryKeyLifetime + ", identityAudience="
                + identityAudience + "]";
    }
}
