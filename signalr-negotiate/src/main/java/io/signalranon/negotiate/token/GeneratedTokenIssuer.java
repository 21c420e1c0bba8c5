package io.signalranon.negotiate.token;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.AuthEndpointException;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.SignalRRestClient;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the service for each client token ({@code POST /api/hubs/{hub}/:generateToken}) with the
 * Entra ID token, for an {@code AuthType=} connection string whose identity may not fetch the
 * temporary access key (role SignalR REST API Owner): one round trip per negotiate. A refusal fails
 * the token with {@link ClientTokenException} (negotiate answers 503), logged once per run of
 * failures without a stack trace.
 */
public final class GeneratedTokenIssuer implements ClientTokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(GeneratedTokenIssuer.class);

    private final ConnectionString connection;
    private final SignalRRestClient client;
    private volatile @Nullable String lastFailure;

    /** @param client a client of the service of {@code connection}, with its Entra ID credential */
    public GeneratedTokenIssuer(ConnectionString connection, SignalRRestClient client) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public NegotiateResponse issue(String hub, String userId, Duration lifetime) {
        try {
            String token = client.generateClientToken(hub, userId, lifetime);
            lastFailure = null;
            return new NegotiateResponse(AccessTokens.clientUrl(connection.clientEndpoint(), hub), token);
        } catch (AuthEndpointException e) {
            String failure = e.getMessage();
            if (!Objects.equals(failure, lastFailure)) {
                log.warn("Negotiate cannot get client tokens: {}", failure);
            }
            lastFailure = failure;
            throw new ClientTokenException("no client token: " + failure);
        }
    }
}
