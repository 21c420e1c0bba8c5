package io.signalranon.maven.negotiate;

import io.signalranon.client.Tokens;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A test client token: the negotiate response a SignalR client connects with, for one user.
 * {@link #toString()} masks the token.
 *
 * @param userId the user id in the token's {@code nameid} and {@code asrs.s.uid} claims
 * @param url the client URL, which is also the token's audience
 * @param accessToken the signed JWT
 * @param expiresAt the token's {@code exp}
 * @param visitorCookie the signed visitor cookie value for this user (expiring with the token), empty
 *     without visitor keys
 */
public record IssuedToken(
        String userId, String url, String accessToken, Instant expiresAt, Optional<String> visitorCookie) {

    public IssuedToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(visitorCookie, "visitorCookie");
    }

    /** A token without a visitor cookie. */
    public IssuedToken(String userId, String url, String accessToken, Instant expiresAt) {
        this(userId, url, accessToken, expiresAt, Optional.empty());
    }

    @Override
    public String toString() {
        return "IssuedToken[userId=" + userId + ", url=" + url + ", accessToken=" + Tokens.mask(accessToken)
                + ", expiresAt=" + expiresAt + ", visitorCookie="
                + visitorCookie.map(Tokens::mask).orElse("none") + "]";
    }
}
