package io.signalranon.emulator.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS as Azure SignalR Service allows it on negotiate by default: any origin, echoed with
 * credentials (browsers send negotiate with {@code credentials: "include"}, which {@code *} fails),
 * any requested header, preflights answered directly.
 */
public final class Cors {

    private static final String ALLOWED_METHODS = "POST, GET, OPTIONS";
    private static final String MAX_AGE_SECONDS = "600";

    private Cors() {}

    /** Adds the CORS response headers when the request carries an {@code Origin}. */
    public static void allow(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
    }

    /**
     * Answers a preflight ({@code OPTIONS}) with 204 and the allowed methods and headers.
     *
     * @return whether the request was a preflight and has been answered
     */
    public static boolean preflight(Request request, Response response, Callback callback) {
        if (!HttpMethod.OPTIONS.is(request.getMethod())) {
            return false;
        }
        allow(request, response);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        String headers = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        response.setStatus(204);
        response.write(true, null, callback);
        return true;
    }
}
