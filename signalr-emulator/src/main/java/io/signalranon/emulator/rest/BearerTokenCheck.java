package io.signalranon.emulator.rest;

import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.auth.Audience;
import io.signalranon.emulator.entra.EntraTokenCheck;
import io.signalranon.emulator.entra.Role;
import io.signalranon.emulator.rest.RestRoute.Operation;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks the bearer token of a REST request as the service does. With an access key: HS256 signed
 * with the UTF-8 bytes of the access key; in strict mode also {@code exp} not passed, {@code nbf}
 * reached and an {@code aud} that names the request URL ({@link Audience#admitsRequest}: the port
 * and the query may be left out, as the .NET SDKs do). With Entra ID (local authentication
 * disabled): an Entra ID token ({@link EntraTokenCheck}) and a {@link Role} that allows the
 * operation (else 403). Reasons never contain the token or the key.
 */
public final class BearerTokenCheck {

    private static final String BEARER = "Bearer ";

    private final @Nullable AccessTokenCheck tokens;
    private final @Nullable EntraTokenCheck entraTokens;
    private final @Nullable Role role;

    /** Why a request is refused: 401 (token) or 403 (role). */
    public record Denial(int status, String code, String message) {}

    public BearerTokenCheck(String accessKey, boolean strict, Clock clock) {
        this(new AccessTokenCheck(accessKey, strict, clock));
    }

    public BearerTokenCheck(AccessTokenCheck tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.entraTokens = null;
        this.role = null;
    }

    /** A check of Entra ID tokens whose identities hold {@code role}. */
    public BearerTokenCheck(EntraTokenCheck entraTokens, Role role) {
        this.tokens = null;
        this.entraTokens = Objects.requireNonNull(entraTokens, "entraTokens");
        this.role = Objects.requireNonNull(role, "role");
    }

    /**
     * Checks a request's {@code Authorization} header.
     *
     * @param authorization the header value, or {@code null}
     * @param requestUrl the URL as the client sent it, with its query if it had one
     * @return {@code null} when the token is good, else why not
     */
    public @Nullable String problem(@Nullable String authorization, String requestUrl) {
        Denial denial = check(authorization, requestUrl, Operation.SEND_TO_USER);
        return denial == null ? null : denial.message();
    }

    /**
     * Checks a request for an operation.
     *
     * @return {@code null} when it may go on, else the status and why not
     */
    public @Nullable Denial check(@Nullable String authorization, String requestUrl, Operation operation) {
        String token = bearerToken(authorization);
        if (token == null) {
            return unauthorized("Authorization header with a Bearer token is required");
        }
        if (entraTokens != null) {
            if (entraTokens.check(token) instanceof AccessTokenCheck.Refused refused) {
                return unauthorized(refused.reason());
            }
            Role.Action action = action(operation);
            Role required = Objects.requireNonNull(role, "an Entra ID check has its role");
            return required.allows(action) ? null : new Denial(403, "Error.Forbidden", action.denial());
        }
        if (operation == Operation.ACCESS_KEY) {
            return unauthorized("the temporary access key is served to Microsoft Entra ID tokens only (this service has"
                    + " local authentication enabled)");
        }
        Audience request = Audience.parse(requestUrl);
        if (request == null) {
            return unauthorized("the request URL " + requestUrl + " cannot be checked");
        }
        String expected = "the request URL " + request.scheme() + "://" + request.host() + ":" + request.effectivePort()
                + request.path();
        AccessTokenCheck accessTokens = Objects.requireNonNull(tokens, "a check without Entra ID has access tokens");
        return accessTokens.check(token, aud -> aud.admitsRequest(request), expected)
                        instanceof AccessTokenCheck.Refused refused
                ? unauthorized(refused.reason())
                : null;
    }

    private static Role.Action action(Operation operation) {
        return switch (operation) {
            case ACCESS_KEY -> Role.Action.ACCESS_KEY;
            case GENERATE_TOKEN -> Role.Action.CLIENT_TOKEN;
            default -> Role.Action.REST;
        };
    }

    private static Denial unauthorized(String reason) {
        return new Denial(401, "Error.Unauthorized", reason);
    }

    /** The token of an {@code Authorization: Bearer} header, or {@code null} when there is none. */
    public static @Nullable String bearerToken(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
