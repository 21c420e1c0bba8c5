package io.signalranon.emulator.hub;

import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.rest.BearerTokenCheck;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;

/**
 * Accepts {@code /client/?hub=H&id=<connectionToken>} upgrades: the token from
 * {@code Authorization: Bearer} (Node) or else the last {@code access_token} query value
 * (browsers), checked as at negotiate; 400 for a bad hub, 401 for a bad token, 404 for an unknown
 * or stale id, 409 for an id that already has its socket.
 */
final class ClientSocketCreator implements WebSocketCreator {

    private final ClientTokens tokens;
    private final HubConnections connections;

    ClientSocketCreator(AccessTokenCheck tokens, HubConnections connections) {
        this.tokens = new ClientTokens(Objects.requireNonNull(tokens, "tokens"));
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public @Nullable Object createWebSocket(
            ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!request.getHttpURI().getPath().equals("/client/")) {
            return refuse(request, response, callback, 404, "no WebSocket endpoint at this path: use /client/?hub=");
        }
        Fields query = Request.extractQueryParameters(request);
        String hub = ClientNegotiateHandler.singleHub(query);
        if (hub == null) {
            return refuse(request, response, callback, 400, "query parameter hub is required once, a valid hub name");
        }
        String token = BearerTokenCheck.bearerToken(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (token == null) {
            List<String> fromQuery = query.getValues("access_token");
            token = fromQuery == null || fromQuery.isEmpty() ? null : fromQuery.get(fromQuery.size() - 1);
        }
        if (tokens.check(token, request, hub) instanceof AccessTokenCheck.Refused refused) {
            return refuse(request, response, callback, 401, refused.reason());
        }
        String id = query.getValue("id");
        if (id == null) {
            return refuse(request, response, callback, 404, "query parameter id is required: negotiate first");
        }
        HubConnections.Claim claim = connections.claim(id, hub);
        if (claim instanceof HubConnections.Unknown unknown) {
            return refuse(request, response, callback, 404, unknown.reason());
        }
        if (claim instanceof HubConnections.Taken) {
            return refuse(request, response, callback, 409, "this connection already has a socket");
        }
        return new HubSocket(connections, ((HubConnections.Claimed) claim).connection());
    }

    private static @Nullable Object refuse(
            Request request, Response response, Callback callback, int status, String reason) {
        Response.writeError(request, response, callback, status, reason);
        return null;
    }
}
