package io.signalranon.negotiate.token;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Signs client tokens with the access key of a connection string (HS256, as the service's SDKs do). */
public final class AccessKeyTokenIssuer implements ClientTokenIssuer {

    private final Supplier<AccessTokens> tokens;

    public AccessKeyTokenIssuer(ConnectionString connection) {
        AccessTokens accessTokens = new AccessTokens(Objects.requireNonNull(connection, "connection"));
        this.tokens = () -> accessTokens;
    }

    /**
     * An issuer whose connection string is known only later (for example, an emulator's port after
     * start); asked at each token.
     */
    public AccessKeyTokenIssuer(Supplier<ConnectionString> connection) {
        Objects.requireNonNull(connection, "connection");
        this.tokens = () -> new AccessTokens(connection.get());
    }

    @Override
    public NegotiateResponse issue(String hub, String userId, Duration lifetime) {
        return tokens.get().forClient(hub, userId, lifetime);
    }
}
