package io.signalranon.emulator.rest;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Checks the bearer token of a REST request as the service does: HS256 signed with the UTF-8
 * bytes of the access key; in strict mode also {@code exp} not passed, {@code nbf} reached and
 * {@code aud} equal to the request URL without query. Reasons never contain the token or the key.
 */
public final class BearerTokenCheck {

    private static final String BEARER = "Bearer ";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final Algorithm algorithm;
    private final boolean strict;
    private final Clock clock;

    public BearerTokenCheck(String accessKey, boolean strict, Clock clock) {
        this.algorithm =
                Algorithm.HMAC256(Objects.requireNonNull(accessKey, "accessKey").getBytes(StandardCharsets.UTF_8));
        this.strict = strict;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a request's {@code Authorization} header.
     *
     * @param authorization the header value, or {@code null}
     * @param requestUrl the URL as the client sent it, without query
     * @return {@code null} when the token is good, else why not
     */
    public String problem(String authorization, String requestUrl) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "Authorization header with a Bearer token is required";
        }
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(authorization.substring(BEARER.length()).trim());
        } catch (JWTDecodeException e) {
            return "the bearer token is not a JWT";
        }
        if (!"HS256".equals(jwt.getAlgorithm())) {
            return "the token must be signed with HS256, got " + jwt.getAlgorithm();
        }
        try {
            algorithm.verify(jwt);
        } catch (SignatureVerificationException e) {
            return "the token signature does not match the access key";
        }
        return strict ? claimsProblem(jwt, requestUrl) : null;
    }

    private String claimsProblem(DecodedJWT jwt, String requestUrl) {
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
        if (audience == null || audience.stream().noneMatch(aud -> sameUrl(aud, requestUrl))) {
            return "the token audience " + (audience == null ? "(none)" : audience) + " is not the request URL "
                    + requestUrl;
        }
        return null;
    }

    /** Equal URLs, scheme and host compared without case, the path exactly. */
    static boolean sameUrl(String a, String b) {
        int pathA = pathStart(a);
        int pathB = pathStart(b);
        return pathA == pathB
                && a.regionMatches(true, 0, b, 0, pathA)
                && a.substring(pathA).equals(b.substring(pathB));
    }

    private static int pathStart(String url) {
        int authority = url.indexOf("://");
        int slash = url.indexOf('/', authority < 0 ? 0 : authority + 3);
        return slash < 0 ? url.length() : slash;
    }
}
