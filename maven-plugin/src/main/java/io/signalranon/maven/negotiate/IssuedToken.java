package io.signalranon.maven.negotiate;

import io.signalranon.client.Tokens;
import java.time.Instant;
import java.util.Objects;

/**
 * A test client token: the negotiate response a SignalR client connects with, for one user.
 * {@link #toString()} masks the token.
 *
 * @param userId the user id in the token's {@code nameid} and {@code asrs.s.uid} claims
 * @param url the client URL, which is also the token's audience
 * @param accessToken the signed JWT
 * @param expiresAt the token's {@code exp}
 */
public record IssuedToken(String userId, String url, String accessToken, Instant expiresAt) {

    public IssuedToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "IssuedToken[userId=" + userId + ", url=" + url + ", accessToken=" + Tokens.mask(accessToken)
                + ", expiresAt=" + expiresAt + "]";
    }
}
