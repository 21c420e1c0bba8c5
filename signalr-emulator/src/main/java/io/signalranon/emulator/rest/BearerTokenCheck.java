package io.signalranon.emulator.rest;

import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.auth.Audience;
import java.time.Clock;

/**
 * Checks the bearer token of a REST request as the service does: HS256 signed with the UTF-8
 * bytes of the access key; in strict mode also {@code exp} not passed, {@code nbf} reached and an
 * {@code aud} that names the request URL ({@link Audience#admitsRequest}: the port and the query
 * may be left out, as the .NET SDKs do). Reasons never contain the token or the key.
 */
public final class BearerTokenCheck {

    private static final String BEARER = "Bearer ";

    private final AccessTokenCheck tokens;

    public BearerTokenCheck(String accessKey, boolean strict, Clock clock) {
        this(new AccessTokenCheck(accessKey, strict, clock));
    }

    public BearerTokenCheck(AccessTokenCheck tokens) {
        this.tokens = tokens;
    }

    /**
     * Checks a request's {@code Authorization} header.
     *
     * @param authorization the header value, or {@code null}
     * @param requestUrl the URL as the client sent it, with its query if it had one
     * @return {@code null} when the token is good, else why not
     */
    public String problem(String authorization, String requestUrl) {
        String token = bearerToken(authorization);
        if (token == null) {
            return "Authorization header with a Bearer token is required";
        }
        Audience request = Audience.parse(requestUrl);
        if (request == null) {
            return "the request URL " + requestUrl + " cannot be checked";
        }
        String expected = "the request URL " + request.scheme() + "://" + request.host() + ":" + request.effectivePort()
                + request.path();
        return tokens.check(token, aud -> aud.admitsRequest(request), expected)
                        instanceof AccessTokenCheck.Refused refused
                ? refused.reason()
                : null;
    }

    /** The token of an {@code Authorization: Bearer} header, or {@code null} when there is none. */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
