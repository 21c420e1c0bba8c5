package io.signalranon.negotiate.token;

import io.signalranon.client.NegotiateResponse;
import java.time.Duration;

/**
 * Issues the client URL and access token a SignalR client connects with. One implementation signs
 * with the connection string's access key ({@link AccessKeyTokenIssuer}); others may sign with a
 * temporary key of the service or ask the service for a token. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ClientTokenIssuer {

    /**
     * The client URL of {@code hub} and a token for {@code userId} (claims {@code asrs.s.uid} and
     * {@code nameid}) that expires after {@code lifetime}.
     *
     * @throws ClientTokenException when no token can be had now (the endpoint answers 503)
     */
    NegotiateResponse issue(String hub, String userId, Duration lifetime);
}
