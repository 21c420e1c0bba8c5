package io.signalranon.negotiate.servlet;

import io.signalranon.negotiate.ForwardedFor;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateReply;
import io.signalranon.negotiate.NegotiateRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;

/**
 * The negotiate endpoint as a {@code jakarta.servlet} servlet, for any servlet container: map it to
 * {@link io.signalranon.negotiate.NegotiateSettings#path()}. Every method goes to the endpoint
 * (it answers {@code POST}, the {@code OPTIONS} preflight, and 405 to the rest); the reply is written
 * as it is. Only the query string is read as parameters, never a form body.
 */
public final class NegotiateServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient NegotiateEndpoint endpoint;
    private final boolean trustForwardedFor;

    /** A servlet whose client address (the rate limit's key) is the connection's remote address. */
    public NegotiateServlet(NegotiateEndpoint endpoint) {
        this(endpoint, false);
    }

    /**
     * @param trustForwardedFor whether the client address is the last entry of {@code X-Forwarded-For}
     *     (behind one proxy that appends it), rather than the connection's remote address
     */
    public NegotiateServlet(NegotiateEndpoint endpoint, boolean trustForwardedFor) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.trustForwardedFor = trustForwardedFor;
    }

    /** The endpoint served. */
    public NegotiateEndpoint endpoint() {
        return endpoint;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(endpoint.handle(toNegotiateRequest(request)), response);
    }

    private NegotiateRequest toNegotiateRequest(HttpServletRequest request) {
        NegotiateRequest.Builder in = NegotiateRequest.builder(request.getMethod(), clientAddress(request));
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                in.header(name, value);
            }
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                if (!name.isEmpty()) {
                    in.query(decode(name), decode(value));
                }
            }
        }
        return in.build();
    }

    private String clientAddress(HttpServletRequest request) {
        if (trustForwardedFor) {
            return ForwardedFor.nearestClient(Collections.list(request.getHeaders(ForwardedFor.HEADER)))
                    .orElse(request.getRemoteAddr());
        }
        return request.getRemoteAddr();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Writes a reply as it is: status, every header in order, body. */
    static void write(NegotiateReply reply, HttpServletResponse response) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        reply.headers().forEach(header -> response.addHeader(header.name(), header.value()));
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
