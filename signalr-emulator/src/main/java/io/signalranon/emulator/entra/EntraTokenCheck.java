package io.signalranon.emulator.entra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signalranon.emulator.auth.AccessTokenCheck;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Checks a REST bearer token as a service with local authentication disabled does: an Entra ID
 * access token, RS256 signed by a trusted issuer key, {@code aud} {@value #AUDIENCE} (with or
 * without a trailing {@code /}), {@code exp} not passed and {@code nbf} reached (with
 * {@value AccessTokenCheck#CLOCK_SKEW_SECONDS} s of skew). A token signed with an access key is
 * refused. Reasons never contain the token.
 */
public final class EntraTokenCheck {

    /** The audience of Entra ID tokens for Azure SignalR Service. */
    public static final String AUDIENCE = "https://signalr.azure.com";

    private final IssuerKeys keys;
    private final Clock clock;

    public EntraTokenCheck(IssuerKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks a token (without {@code Bearer }). */
    public AccessTokenCheck.Verdict check(String token) {
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(token);
        } catch (JWTDecodeException e) {
            return new AccessTokenCheck.Refused("the bearer token is not a JWT");
        }
        if ("HS256".equals(jwt.getAlgorithm())) {
            return new AccessTokenCheck.Refused("local authentication is disabled: tokens signed with an access key are"
                    + " refused; use a Microsoft Entra ID token for " + AUDIENCE);
        }
        if (!"RS256".equals(jwt.getAlgorithm())) {
            return new AccessTokenCheck.Refused("the token must be signed with RS256, got " + jwt.getAlgorithm());
        }
        if (!verified(jwt)) {
            return new AccessTokenCheck.Refused("the token is not signed by a trusted Entra ID issuer key");
        }
        Instant now = clock.instant();
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        if (expiresAt == null) {
            return new AccessTokenCheck.Refused("the token has no exp claim");
        }
        if (now.minusSeconds(AccessTokenCheck.CLOCK_SKEW_SECONDS).isAfter(expiresAt)) {
            return new AccessTokenCheck.Refused("the token expired at " + expiresAt);
        }
        Instant notBefore = jwt.getNotBeforeAsInstant();
        if (notBefore != null
                && now.plusSeconds(AccessTokenCheck.CLOCK_SKEW_SECONDS).isBefore(notBefore)) {
            return new AccessTokenCheck.Refused("the token is not valid before " + notBefore);
        }
        List<String> audience = jwt.getAudience();
        if (audience == null || audience.stream().noneMatch(a -> a.equals(AUDIENCE) || a.equals(AUDIENCE + "/"))) {
            return new AccessTokenCheck.Refused(
                    "the token audience " + (audience == null ? "(none)" : audience) + " is not " + AUDIENCE);
        }
        return new AccessTokenCheck.Valid(jwt);
    }

    private boolean verified(DecodedJWT jwt) {
        for (RSAPublicKey key : keys.candidates(jwt.getKeyId())) {
            try {
                Algorithm.RSA256(key, null).verify(jwt);
                return true;
            } catch (SignatureVerificationException e) {
                // try the next key
            }
        }
        return false;
    }
}
