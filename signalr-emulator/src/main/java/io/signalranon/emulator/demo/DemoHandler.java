package io.signalranon.emulator.demo;

import io.signalranon.client.UserIds;
import io.signalranon.emulator.negotiate.AnonymousNegotiateHandler;
import io.signalranon.emulator.rest.JsonText;
import io.signalranon.negotiate.NegotiateSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The demo page at {@code /}: the real {@code @microsoft/signalr} browser client (served from the
 * jar, so it works offline) connected through the anonymous negotiate endpoint with a signed visitor
 * cookie, and each offer shown as it arrives. For development only, {@code GET
 * /demo/visitor?id=ID} sets a signed cookie for a chosen id (so the README's sample user can be
 * shown) and goes back to the page. Other paths are left to the next handler.
 */
public final class DemoHandler extends Handler.Abstract {

    /** The development-only path that signs a chosen visitor id. */
    public static final String CHOOSE_VISITOR_PATH = "/demo/visitor";

    private static final String PAGE = "index.html";
    private static final String CLIENT = "signalr.min.js";

    private final AnonymousNegotiateHandler negotiate;
    private final byte[] page;
    private final byte[] client;

    public DemoHandler(AnonymousNegotiateHandler negotiate) {
        this.negotiate = Objects.requireNonNull(negotiate, "negotiate");
        NegotiateSettings settings = negotiate.settings();
        String config = "{\"base\":\"" + JsonText.escape(settings.basePath()) + "\",\"hub\":\""
                + JsonText.escape(settings.hub()) + "\",\"cookie\":\""
                + JsonText.escape(settings.userId().name()) + "\",\"signed\":"
                + !settings.userId().trustsTheCaller() + "}";
        this.page = new String(resource(PAGE), StandardCharsets.UTF_8)
                .replace("__DEMO_CONFIG__", config)
                .getBytes(StandardCharsets.UTF_8);
        this.client = resource(CLIENT);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        boolean get = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
        if (path.equals(CHOOSE_VISITOR_PATH) && get) {
            chooseVisitor(request, response, callback);
            return true;
        }
        byte[] body;
        String type;
        if (path.equals("/") || path.equals("/" + PAGE)) {
            body = page;
            type = "text/html; charset=utf-8";
        } else if (path.equals("/" + CLIENT)) {
            body = client;
            type = "text/javascript; charset=utf-8";
        } else {
            return false;
        }
        if (!get) {
            return false;
        }
        send(response, callback, request, 200, type, body);
        return true;
    }

    private void chooseVisitor(Request request, Response response, Callback callback) {
        String id = Request.extractQueryParameters(request).getValue("id");
        Optional<String> problem = UserIds.reason(id);
        if (problem.isPresent()) {
            byte[] text = ("the visitor id " + problem.get() + "\n").getBytes(StandardCharsets.UTF_8);
            send(response, callback, request, 400, "text/plain; charset=utf-8", text);
            return;
        }
        String cookie = negotiate.endpoint().signVisitor(id);
        response.getHeaders().add(HttpHeader.SET_COOKIE, negotiate.endpoint().setCookieValue(cookie));
        response.getHeaders().put(HttpHeader.LOCATION, "/");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.setStatus(303);
        response.write(true, null, callback);
    }

    private static void send(
            Response response, Callback callback, Request request, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
