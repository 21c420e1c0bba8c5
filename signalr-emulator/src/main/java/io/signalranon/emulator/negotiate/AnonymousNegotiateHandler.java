package io.signalranon.emulator.negotiate;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.UserIds;
import io.signalranon.emulator.rest.JsonText;
import io.signalranon.emulator.web.Cors;
import io.signalranon.emulator.web.JsonReply;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The anonymous negotiate endpoint that an Azure Function plays in production:
 * {@code POST /api/<route>} reads the visitor id from where the configuration says and answers
 * {@code {url, accessToken}} as the Functions binding does (claims {@code nameid} and
 * {@code asrs.s.uid}). 400 naming the source for a missing, blank or invalid id; an
 * {@code Authorization} header (clients replay the old service token on reconnect) is ignored.
 */
public final class AnonymousNegotiateHandler extends Handler.Abstract {

    private final NegotiateConfig config;
    private final Supplier<ConnectionString> connection;

    /**
     * @param connection the emulator's connection string, asked for at each request (the port is known after start)
     */
    public AnonymousNegotiateHandler(NegotiateConfig config, Supplier<ConnectionString> connection) {
        this.config = Objects.requireNonNull(config, "config");
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The path served, {@code /api/<route>}. */
    public String path() {
        return "/api/" + config.route();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals(path())) {
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
        String visitorId = null;
        for (VisitorIdSource source : config.sources()) {
            visitorId = source.read(request);
            if (visitorId != null && !visitorId.isBlank()) {
                break;
            }
        }
        String where = config.sources().stream().map(VisitorIdSource::toString).collect(Collectors.joining(", or "));
        if (visitorId == null || visitorId.isBlank()) {
            JsonReply.error(
                    response, callback, 400, "Error.BadRequest", "the visitor id is missing: send it in the " + where);
            return true;
        }
        UserIds.Problem problem = UserIds.problem(visitorId).orElse(null);
        if (problem != null) {
            JsonReply.error(
                    response,
                    callback,
                    400,
                    "Error.BadRequest",
                    "the visitor id in the " + where + " " + reason(problem));
            return true;
        }
        NegotiateResponse negotiate =
                new AccessTokens(connection.get()).forClient(config.hub(), visitorId, config.lifetime());
        JsonReply.send(
                response,
                callback,
                200,
                "{\"url\":\"" + JsonText.escape(negotiate.url()) + "\",\"accessToken\":\"" + negotiate.accessToken()
                        + "\"}");
        return true;
    }

    private static String reason(UserIds.Problem problem) {
        return switch (problem) {
            case EMPTY -> "is empty";
            case TOO_LONG -> "is longer than " + UserIds.MAX_LENGTH + " characters";
            case CONTROL_CHARACTER -> "contains a control character";
        };
    }
}
