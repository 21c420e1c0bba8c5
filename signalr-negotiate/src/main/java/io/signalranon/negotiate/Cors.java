package io.signalranon.negotiate;

import java.util.List;
import java.util.Set;

/**
 * CORS for negotiate: an {@code Origin} must be on the exact allowlist (never {@code *}, never
 * {@code null}); an allowed one is answered with itself and credentials, a fixed list of request
 * headers (never an echo of what was asked) and {@code Vary: Origin}.
 */
final class Cors {

    /** The request headers a page may send: the SignalR browser client's, and the token it replays on reconnect. */
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent";

    static final String ALLOWED_METHODS = "POST, OPTIONS";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;

    Cors(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Whether a request with this {@code Origin} (or none) may be served. */
    boolean allows(List<String> origins) {
        if (origins.isEmpty()) {
            return true;
        }
        return origins.size() == 1 && allowedOrigins.contains(origins.get(0));
    }

    /** The headers for an allowed request: none without {@code Origin}. */
    void addHeaders(List<String> origins, List<NegotiateReply.Header> headers) {
        if (!origins.isEmpty()) {
            headers.add(new NegotiateReply.Header("Access-Control-Allow-Origin", origins.get(0)));
            headers.add(new NegotiateReply.Header("Access-Control-Allow-Credentials", "true"));
        }
    }

    /** The extra headers of an allowed preflight. */
    void addPreflightHeaders(List<String> origins, List<NegotiateReply.Header> headers) {
        addHeaders(origins, headers);
        if (!origins.isEmpty()) {
            headers.add(new NegotiateReply.Header("Access-Control-Allow-Methods", ALLOWED_METHODS));
            headers.add(new NegotiateReply.Header("Access-Control-Allow-Headers", ALLOWED_HEADERS));
            headers.add(new NegotiateReply.Header("Access-Control-Max-Age", MAX_AGE_SECONDS));
        }
    }
}
