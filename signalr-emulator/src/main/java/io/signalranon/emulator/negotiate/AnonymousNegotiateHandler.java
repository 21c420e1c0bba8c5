package io.signalranon.emulator.negotiate;

import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateReply;
import io.signalranon.negotiate.NegotiateRequest;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * The anonymous negotiate endpoint that a site's back end plays in production, at
 * {@code /api/<route>}: a thin Jetty adapter over {@link NegotiateEndpoint} (origin allowlist,
 * signed visitor cookie, rate limit per client address, short-lived token). The endpoint is built
 * at the first request, when the emulator's port, and so its connection string and own origin, are
 * known.
 */
public final class AnonymousNegotiateHandler extends Handler.Abstract {

    private final NegotiateSettings settings;
    private final VisitorKeys keys;
    private final ClientTokenIssuer issuer;
    private final Function<NegotiateSettings, Set<String>> ownOrigins;
    private volatile @Nullable NegotiateEndpoint endpoint;

    /**
     * @param keys the keys of visitor cookies
     * @param issuer signs the client tokens (with the emulator's key, known after start)
     * @param ownOrigins origins to allow besides the configured ones (the demo page's own), known after start
     */
    public AnonymousNegotiateHandler(
            NegotiateSettings settings,
            VisitorKeys keys,
            ClientTokenIssuer issuer,
            Function<NegotiateSettings, Set<String>> ownOrigins) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.ownOrigins = Objects.requireNonNull(ownOrigins, "ownOrigins");
        endpointWith(settings);
    }

    /** The settings as configured. */
    public NegotiateSettings settings() {
        return settings;
    }

    /** The endpoint (built at the first call, after start). */
    public NegotiateEndpoint endpoint() {
        NegotiateEndpoint built = endpoint;
        if (built == null) {
            synchronized (this) {
                built = endpoint;
                if (built == null) {
                    Set<String> origins = new LinkedHashSet<>(settings.allowedOrigins());
                    origins.addAll(ownOrigins.apply(settings));
                    built = endpointWith(settings.withAllowedOrigins(origins));
                    endpoint = built;
                }
            }
        }
        return built;
    }

    private NegotiateEndpoint endpointWith(NegotiateSettings effective) {
        return NegotiateEndpoint.builder(effective, issuer).visitorKeys(keys).build();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals(settings.path())) {
            return false;
        }
        NegotiateRequest.Builder in = NegotiateRequest.builder(request.getMethod(), Request.getRemoteAddr(request));
        for (HttpField header : request.getHeaders()) {
            in.header(header.getName(), header.getValue());
        }
        for (Fields.Field parameter : Request.extractQueryParameters(request)) {
            parameter.getValues().forEach(value -> in.query(parameter.getName(), value));
        }
        write(endpoint().handle(in.build()), response, callback);
        return true;
    }

    /** Writes a reply as it is: status, every header in order, body. */
    static void write(NegotiateReply reply, Response response, Callback callback) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        reply.headers().forEach(header -> response.getHeaders().add(header.name(), header.value()));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }
}
