package io.signalranon.emulator.hub;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.auth.Audience;
import io.signalranon.emulator.rest.RestHandler;
import java.util.Objects;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Checks client tokens as strictly as REST tokens, with a client audience: {@code aud} must be
 * {@code {scheme}://{host}[:port]/client/?hub=<hub>} at the origin the request was sent to.
 */
final class ClientTokens {

    private static final String NAME_ID_CLAIM = "nameid";
    private static final String USER_ID_CLAIM = "asrs.s.uid";

    private final AccessTokenCheck tokens;

    ClientTokens(AccessTokenCheck tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** The outcome of a check. */
    AccessTokenCheck.Verdict check(@Nullable String token, Request request, String hub) {
        if (token == null) {
            return new AccessTokenCheck.Refused("a client access token is required (Authorization: Bearer)");
        }
        Audience origin = Audience.parse(RestHandler.requestUrl(request));
        if (origin == null) {
            return new AccessTokenCheck.Refused("the request URL cannot be checked");
        }
        return tokens.check(
                token,
                aud -> aud.admitsClient(origin, hub),
                "the client URL " + origin.scheme() + "://" + origin.host() + ":" + origin.effectivePort()
                        + "/client/?hub=" + hub);
    }

    /** The user of a token: its {@code nameid}, else its {@code asrs.s.uid}, else {@code null}. */
    static @Nullable String userOf(DecodedJWT token) {
        for (String name : new String[] {NAME_ID_CLAIM, USER_ID_CLAIM}) {
            Claim claim = token.getClaim(name);
            if (!claim.isMissing() && !claim.isNull() && claim.asString() != null) {
                return claim.asString();
            }
        }
        return null;
    }
}
