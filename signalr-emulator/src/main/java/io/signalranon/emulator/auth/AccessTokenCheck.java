package io.signalranon.emulator.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Checks an access token as the service does: HS256 signed with the UTF-8 bytes of the access
 * key (or, with Entra ID, of the temporary key its {@code kid} names: see {@link SigningKeys}); in strict mode also {@code exp} present and not passed, {@code nbf} reached (both with
 * {@value #CLOCK_SKEW_SECONDS} s of skew) and an {@code aud} that the caller admits. Reasons never
 * contain the token or the key.
 */
public final class AccessTokenCheck {

    /** The clock skew allowed on {@code exp} and {@code nbf}, in seconds. */
    public static final int CLOCK_SKEW_SECONDS = 5;

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(CLOCK_SKEW_SECONDS);

    private final SigningKeys keys;
    private final boolean strict;
    private final Clock clock;

    public AccessTokenCheck(String accessKey, boolean strict, Clock clock) {
        this(SigningKeys.accessKey(accessKey), strict, clock);
    }

    public AccessTokenCheck(SigningKeys keys, boolean strict, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.strict = strict;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome of a check: the verified token, or why it is refused. */
    public sealed interface Verdict {}

    /** A token that passed every check. */
    public record Valid(DecodedJWT token) implements Verdict {}

    /** A refused token and the reason, safe to show to the caller. */
    public record Refused(String reason) implements Verdict {}

    /**
     * Checks a token.
     *
     * @param token the JWT, without {@code Bearer }
     * @param audience which {@code aud} values are right for this request
     * @param expected what the audience should be, for the reason when none is right
     */
    public Verdict check(String token, Predicate<Audience> audience, String expected) {
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(token);
        } catch (JWTDecodeException e) {
            return new Refused("the bearer token is not a JWT");
        }
        if (!"HS256".equals(jwt.getAlgorithm())) {
            return new Refused("the token must be signed with HS256, got " + jwt.getAlgorithm());
        }
        SigningKeys.Found found = keys.find(jwt.getKeyId());
        if (found instanceof SigningKeys.None none) {
            return new Refused(none.reason());
        }
        try {
            ((SigningKeys.Key) found).verifier().verify(jwt);
        } catch (SignatureVerificationException e) {
            return new Refused("the token signature does not match the access key"
                    + (jwt.getKeyId() == null ? "" : " of kid " + jwt.getKeyId()));
        }
        String problem = strict ? claimsProblem(jwt, audience, expected) : null;
        return problem == null ? new Valid(jwt) : new Refused(problem);
    }

    private @Nullable String claimsProblem(DecodedJWT jwt, Predicate<Audience> admitted, String expected) {
        Instant now = clock.instant();
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        if (expiresAt == null) {
            return "the token has no exp claim";
        }
        if (now.minus(CLOCK_SKEW).isAfter(expiresAt)) {
            return "the token expired at " + expiresAt;
        }
        Instant notBefore = jwt.getNotBeforeAsInstant();
        if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore)) {
            return "the token is not valid before " + notBefore;
        }
        List<String> audience = jwt.getAudience();
        if (audience == null
                || audience.stream().map(Audience::parse).noneMatch(aud -> aud != null && admitted.test(aud))) {
            return "the token audience " + (audience == null ? "(none)" : audience) + " is not " + expected;
        }
        return null;
    }
}
