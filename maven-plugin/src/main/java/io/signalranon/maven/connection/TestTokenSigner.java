package io.signalranon.maven.connection;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.AuthEndpointException;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import java.time.Clock;
import java.util.function.Function;

/**
 * What signs the test client tokens: the access key of the connection string, or, with Entra ID
 * ({@code AuthType=}), a temporary access key of the service fetched with the identity's token
 * (roles SignalR App Server or SignalR Service Owner); such tokens are accepted while that key is
 * (90 minutes).
 */
public final class TestTokenSigner {

    private TestTokenSigner() {}

    /**
     * The signer for {@code connection}.
     *
     * @throws AuthEndpointException when the service hands out no temporary key (the message names the roles)
     */
    public static AccessTokens forConnection(ConnectionString connection, Clock clock) {
        return forConnection(
                connection, clock, c -> SignalRRestClient.builder(c).build());
    }

    static AccessTokens forConnection(
            ConnectionString connection, Clock clock, Function<ConnectionString, SignalRRestClient> clients) {
        if (!connection.usesEntra()) {
            return new AccessTokens(connection, clock, AccessTokens.DEFAULT_LIFETIME);
        }
        try (SignalRRestClient client = clients.apply(connection)) {
            return new AccessTokens(connection, client.temporaryAccessKey(), clock);
        }
    }
}
