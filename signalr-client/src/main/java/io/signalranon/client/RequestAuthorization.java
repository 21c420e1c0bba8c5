package io.signalranon.client;

import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * How REST requests carry their {@code Authorization}: with an access key, a token signed for each
 * request ({@code aud} = its URL) when the request is built; with Entra ID, the cached
 * {@link EntraTokens} token set just before the request goes out, and renewed once after a 401.
 */
abstract sealed class RequestAuthorization {

    private static final String BEARER = "Bearer ";

    /** @param entraTokens the Entra ID tokens to send, or {@code null} for the process's of the connection's identity */
    static RequestAuthorization of(ConnectionString connection, Clock clock, @Nullable EntraTokens entraTokens) {
        EntraIdentity entra = connection.entra();
        if (entra == null) {
            return new AccessKey(new AccessTokens(connection, clock, AccessTokens.DEFAULT_LIFETIME));
        }
        return new Entra(entraTokens != null ? entraTokens : EntraTokens.shared(entra));
    }

    /** When the request is built. */
    abstract void sign(HttpUriRequestBase request) throws URISyntaxException;

    /**
     * Just before the request goes out.
     *
     * @throws EntraTokenException when there is no Entra ID token to send
     */
    abstract void beforeSend(HttpUriRequestBase request);

    /** After a 401: whether the request now carries another token and is worth one retry. */
    abstract boolean renewAfterRejection(HttpUriRequestBase request);

    /**
     * Gets what the first request needs now, so that a broken credential shows at once.
     *
     * @throws EntraTokenException when there is no Entra ID token to be had
     */
    abstract void check();

    private static final class AccessKey extends RequestAuthorization {

        private final AccessTokens tokens;

        AccessKey(AccessTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        @Override
        void sign(HttpUriRequestBase request) throws URISyntaxException {
            request.setHeader(HttpHeaders.AUTHORIZATION, BEARER + tokens.forRequest(request.getUri()));
        }

        @Override
        void beforeSend(HttpUriRequestBase request) {}

        @Override
        boolean renewAfterRejection(HttpUriRequestBase request) {
            return false;
        }

        @Override
        void check() {}
    }

    private static final class Entra extends RequestAuthorization {

        private final EntraTokens tokens;

        Entra(EntraTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        @Override
        void sign(HttpUriRequestBase request) {}

        @Override
        void beforeSend(HttpUriRequestBase request) {
            request.setHeader(HttpHeaders.AUTHORIZATION, BEARER + tokens.token());
        }

        @Override
        boolean renewAfterRejection(HttpUriRequestBase request) {
            var header = request.getFirstHeader(HttpHeaders.AUTHORIZATION);
            String sent = header == null ? "" : header.getValue().substring(BEARER.length());
            String renewed = tokens.renewAfterRejection(sent);
            if (renewed == null) {
                return false;
            }
            request.setHeader(HttpHeaders.AUTHORIZATION, BEARER + renewed);
            return true;
        }

        @Override
        void check() {
            tokens.token();
        }
    }
}
