package io.signalranon.client;

import java.util.Objects;

/**
 * The body a negotiate endpoint returns to a SignalR client: the client URL of the hub and an
 * access token whose audience is that URL. {@link #toString()} masks the token.
 *
 * @param url the client URL, {@code <clientEndpoint>/client/?hub=<hub lower-cased>}
 * @param accessToken the client access token (a JWT)
 */
public record NegotiateResponse(String url, String accessToken) {

    public NegotiateResponse {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "NegotiateResponse[url=" + url + ", accessToken=" + Tokens.mask(accessToken) + "]";
    }
}
