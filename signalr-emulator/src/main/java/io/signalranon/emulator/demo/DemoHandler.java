package io.signalranon.emulator.demo;

import io.signalranon.emulator.negotiate.NegotiateConfig;
import io.signalranon.emulator.negotiate.VisitorIdSource;
import io.signalranon.emulator.rest.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The demo page at {@code /}: a visitor id in a cookie, the real {@code @microsoft/signalr} browser
 * client (served from the jar, so it works offline) connected through the anonymous negotiate
 * endpoint, and each offer shown as it arrives. Other paths are left to the next handler.
 */
public final class DemoHandler extends Handler.Abstract {

    private static final String PAGE = "index.html";
    private static final String CLIENT = "signalr.min.js";

    private final byte[] page;
    private final byte[] client;

    public DemoHandler(NegotiateConfig negotiate) {
        Objects.requireNonNull(negotiate, "negotiate");
        VisitorIdSource source = negotiate.sources().get(0);
        String config = "{\"base\":\"" + JsonText.escape(negotiate.basePath()) + "\",\"hub\":\""
                + JsonText.escape(negotiate.hub()) + "\",\"source\":\""
                + source.kind().label() + "\",\"name\":\""
                + JsonText.escape(source.name()) + "\"}";
        this.page = new String(resource(PAGE), StandardCharsets.UTF_8)
                .replace("__DEMO_CONFIG__", config)
                .getBytes(StandardCharsets.UTF_8);
        this.client = resource(CLIENT);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
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
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
        return true;
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
