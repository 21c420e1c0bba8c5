package io.signalranon.emulator.hub;

import io.signalranon.client.Hubs;
import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.rest.BearerTokenCheck;
import io.signalranon.emulator.web.Cors;
import io.signalranon.emulator.web.JsonReply;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /client/negotiate?hub=H}: checks the client token and answers the version-1
 * negotiate body with fresh ids and WebSockets as the only transport; 400 for a missing, repeated
 * or invalid hub, 401 for a bad token. CORS as the service allows it.
 */
public final class ClientNegotiateHandler extends Handler.Abstract {

    /** The path this handler serves. */
    public static final String PATH = "/client/negotiate";

    private final ClientTokens tokens;
    private final HubConnections connections;

    public ClientNegotiateHandler(AccessTokenCheck tokens, HubConnections connections) {
        this.tokens = new ClientTokens(Objects.requireNonNull(tokens, "tokens"));
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals(PATH)) {
            return false;
        }
        if (Cors.preflight(request, response, callback)) {
            return true;
        }
        Cors.allow(request, response);
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            JsonReply.error(response, callback, 405, "Error.MethodNotAllowed", "negotiate takes POST");
            return true;
        }
        String hub = singleHub(Request.extractQueryParameters(request));
        if (hub == null) {
            JsonReply.error(
                    response,
                    callback,
                    400,
                    "Error.BadRequest",
                    "query parameter hub is required once, a name that starts with a letter and has at most 128 of"
                            + " A-Z a-z 0-9 _ ` , . [ ]");
            return true;
        }
        String token = BearerTokenCheck.bearerToken(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        AccessTokenCheck.Verdict verdict = tokens.check(token, request, hub);
        if (verdict instanceof AccessTokenCheck.Refused refused) {
            JsonReply.error(response, callback, 401, "Error.Unauthorized", refused.reason());
            return true;
        }
        PendingConnection connection =
                connections.negotiate(hub, ClientTokens.userOf(((AccessTokenCheck.Valid) verdict).token()));
        JsonReply.send(
                response,
                callback,
                200,
                "{\"negotiateVersion\":1,\"connectionId\":\"" + connection.connectionId()
                        + "\",\"connectionToken\":\"" + connection.connectionToken()
                        + "\",\"availableTransports\":[{\"transport\":\"WebSockets\","
                        + "\"transferFormats\":[\"Text\",\"Binary\"]}]}");
        return true;
    }

    /** The one valid {@code hub} of a query, or {@code null}. */
    static @Nullable String singleHub(Fields query) {
        List<String> hubs = query.getValues("hub");
        if (hubs == null || hubs.size() != 1) {
            return null;
        }
        String hub = hubs.get(0);
        return Hubs.NAME.matcher(hub).matches() ? hub : null;
    }
}
