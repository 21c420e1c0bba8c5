package io.signalranon.emulator.rest;

import io.signalranon.client.ApiVersion;
import io.signalranon.client.Hubs;
import io.signalranon.emulator.auth.Audience;
import io.signalranon.emulator.auth.ServiceKeys;
import io.signalranon.emulator.auth.TemporaryKeys.TemporaryKey;
import io.signalranon.emulator.fault.Fault;
import io.signalranon.emulator.fault.FaultInjector;
import io.signalranon.emulator.limit.ServiceLimiter;
import io.signalranon.emulator.rest.RestRoute.Operation;
import io.signalranon.emulator.web.JsonReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * The REST data plane: routes, fault injection, token check, hub name, body size and shape, then
 * 202 for sends (recorded in the {@link MessageSink}), 200 for group changes and health, 200 or 404
 * for "user exists" as {@link Presence} says; and the service's auth endpoints: the temporary access
 * key ({@code {"KeyId", "AccessKey"}}, Entra ID only) and {@code :generateToken}
 * ({@code {"token"}}, {@code userId} and {@code minutesToExpire} 1 to 1440, 60 by default). Blocking;
 * holds no lock.
 */
public final class RestHandler extends Handler.Abstract {

    /** The largest accepted body, as the service documents (1 MB). */
    public static final int MAX_BODY_BYTES = 1_048_576;

    /** An over-limit body is read and dropped up to this size so that the client sees the 413; beyond it the connection closes. */
    static final int MAX_DRAINED_BYTES = 8 * MAX_BODY_BYTES;

    private static final String API_VERSION_2022 = "api-version=2022-06-01";
    private static final int DEFAULT_CLIENT_TOKEN_MINUTES = 60;
    private static final int MAX_CLIENT_TOKEN_MINUTES = 1440;

    private final BearerTokenCheck tokens;
    private final FaultInjector faults;
    private final MessageSink sink;
    private final Presence presence;
    private final LongAdder requests;
    private final Clock clock;
    private final @Nullable ServiceLimiter limiter;
    private final ServiceKeys keys;
    private final LongAdder unauthorized = new LongAdder();

    /**
     * @param keys the service's keys, for {@code :generateToken} and the temporary access key
     * @param limiter the service's modelled limits (rate, latency), or {@code null} for none
     */
    public RestHandler(
            BearerTokenCheck tokens,
            ServiceKeys keys,
            FaultInjector faults,
            MessageSink sink,
            Presence presence,
            LongAdder requests,
            Clock clock,
            @Nullable ServiceLimiter limiter) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limiter = limiter;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.increment();
        HttpURI uri = request.getHttpURI();
        RestRouter.Match match = RestRouter.route(request.getMethod(), uri.getPath());
        if (match instanceof RestRouter.NotFound notFound) {
            ErrorReply.send(response, callback, 404, "Error.NotFound", notFound.reason());
        } else if (match instanceof RestRouter.MethodNotAllowed notAllowed) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", notAllowed.allowed()));
            ErrorReply.send(
                    response,
                    callback,
                    405,
                    "Error.MethodNotAllowed",
                    request.getMethod() + " is not allowed here; allowed: " + String.join(", ", notAllowed.allowed()));
        } else {
            RestRoute route = ((RestRouter.Found) match).route();
            if (route.operation() == Operation.HEALTH) {
                ErrorReply.empty(response, callback, 200);
            } else if (limiter != null) {
                limiter.handle(
                        limited(request, response, callback, route), getServer().getThreadPool());
            } else if (!applyFault(request, response, callback, route)) {
                operation(request, response, callback, route);
            }
        }
        return true;
    }

    private ServiceLimiter.Answer limited(Request request, Response response, Callback callback, RestRoute route) {
        return new ServiceLimiter.Answer() {
            @Override
            public void proceed() throws Exception {
                if (!applyFault(request, response, callback, route)) {
                    operation(request, response, callback, route);
                }
            }

            @Override
            public void throttle(int retryAfterSeconds) {
                if (retryAfterSeconds >= 0) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
                }
                ErrorReply.send(
                        response, callback, 429, "Error.Throttled", "more REST calls per second than the units allow");
            }

            @Override
            public void failed(Throwable failure) {
                callback.failed(failure);
            }
        };
    }

    private boolean applyFault(Request request, Response response, Callback callback, RestRoute route)
            throws InterruptedException {
        if (faults.isNone()) {
            return false;
        }
        Fault fault = faults.next(route.userId());
        if (!fault.delay().isZero()) {
            Thread.sleep(fault.delay().toMillis(), fault.delay().toNanosPart() % 1_000_000);
        }
        switch (fault.action()) {
            case PROCEED -> {
                return false;
            }
            case DROP -> {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.succeeded();
                return true;
            }
            default -> {
                if (fault.retryAfterSeconds() >= 0) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, fault.retryAfterSeconds());
                }
                ErrorReply.send(
                        response,
                        callback,
                        fault.status(),
                        faultCode(fault.status()),
                        "fault injected by the emulator's fault plan");
                return true;
            }
        }
    }

    private void operation(Request request, Response response, Callback callback, RestRoute route) throws IOException {
        BearerTokenCheck.Denial denial = tokens.check(
                request.getHeaders().get(HttpHeader.AUTHORIZATION), requestUrl(request), route.operation());
        if (denial != null) {
            if (denial.status() == 401) {
                unauthorized.increment();
            }
            ErrorReply.send(response, callback, denial.status(), denial.code(), denial.message());
            return;
        }
        if (route.operation() == Operation.ACCESS_KEY || route.operation() == Operation.GENERATE_TOKEN) {
            auth(request, response, callback, route);
            return;
        }
        if (route.apiVersion() == ApiVersion.V2022_06_01
                && !hasApiVersion(request.getHttpURI().getQuery())) {
            ErrorReply.send(
                    response, callback, 400, "Error.BadRequest", "query parameter api-version=2022-06-01 is required");
            return;
        }
        if (!Hubs.NAME.matcher(route.hub()).matches()) {
            ErrorReply.send(
                    response,
                    callback,
                    400,
                    "Error.BadRequest",
                    "hub name must start with a letter and contain at most 128 of A-Z a-z 0-9 _ ` , . [ ]");
            return;
        }
        switch (route.operation()) {
            case USER_EXISTS ->
                ErrorReply.empty(
                        response, callback, presence.hasUser(route.requireHub(), route.requireUserId()) ? 200 : 404);
            case ADD_USER_TO_GROUP, REMOVE_USER_FROM_GROUP -> ErrorReply.empty(response, callback, 200);
            default -> send(request, response, callback, route);
        }
    }

    private void send(Request request, Response response, Callback callback, RestRoute route) throws IOException {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (request.getLength() > MAX_BODY_BYTES) {
                tooLarge(response, callback, request.getLength() <= MAX_DRAINED_BYTES && drain(in));
                return;
            }
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                tooLarge(response, callback, drain(in));
                return;
            }
        }
        MessageBody body;
        try {
            body = MessageBody.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (MessageBody.InvalidBodyException e) {
            ErrorReply.send(
                    response,
                    callback,
                    400,
                    "Error.BadRequest",
                    Objects.requireNonNullElse(e.getMessage(), "invalid body"));
            return;
        }
        sink.accepted(route, body, clock.instant());
        ErrorReply.empty(response, callback, 202);
    }

    /** How many requests were refused with 401 (no valid token). */
    public long unauthorizedCount() {
        return unauthorized.sum();
    }

    /** The temporary access key, or a client token made by the service ({@code :generateToken}). */
    private void auth(Request request, Response response, Callback callback, RestRoute route) {
        Fields query = Request.extractQueryParameters(request);
        if (route.apiVersion() == ApiVersion.V2022_06_01 && query.getValue("api-version") == null) {
            ErrorReply.send(response, callback, 400, "Error.BadRequest", "query parameter api-version is required");
            return;
        }
        if (route.operation() == Operation.ACCESS_KEY) {
            TemporaryKey key = keys.temporaryKey();
            JsonReply.send(
                    response,
                    callback,
                    200,
                    "{\"KeyId\":\"" + key.keyId() + "\",\"AccessKey\":\"" + key.accessKey() + "\"}");
            return;
        }
        if (!Hubs.NAME.matcher(route.hub()).matches()) {
            ErrorReply.send(response, callback, 400, "Error.BadRequest", "hub name is not valid");
            return;
        }
        String userId = query.getValue("userId");
        int minutes;
        try {
            String value = query.getValue("minutesToExpire");
            minutes = value == null ? DEFAULT_CLIENT_TOKEN_MINUTES : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            minutes = -1;
        }
        if (minutes < 1 || minutes > MAX_CLIENT_TOKEN_MINUTES) {
            ErrorReply.send(
                    response,
                    callback,
                    400,
                    "Error.BadRequest",
                    "minutesToExpire must be a whole number from 1 to " + MAX_CLIENT_TOKEN_MINUTES);
            return;
        }
        Audience origin = Objects.requireNonNull(
                Audience.parse(requestUrl(request)), "the URL of a request that was routed is absolute");
        String audience = origin.scheme() + "://" + origin.host() + (origin.port() < 0 ? "" : ":" + origin.port())
                + "/client/?hub=" + route.requireHub().toLowerCase(Locale.ROOT);
        String token = keys.clientToken(audience, userId, Duration.ofMinutes(minutes));
        JsonReply.send(response, callback, 200, "{\"token\":\"" + token + "\"}");
    }

    /** Reads and drops the rest of a body in constant memory; false when it is longer than {@link #MAX_DRAINED_BYTES}. */
    private static boolean drain(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > MAX_DRAINED_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static void tooLarge(Response response, Callback callback, boolean drained) {
        if (!drained) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        ErrorReply.send(
                response,
                callback,
                413,
                "Error.PayloadTooLarge",
                "request body must be at most " + MAX_BODY_BYTES + " bytes");
    }

    private static boolean hasApiVersion(String query) {
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals(API_VERSION_2022)) {
                return true;
            }
        }
        return false;
    }

    /** The URL as the client sent it: scheme, {@code Host} header (default port dropped), raw path and query. */
    public static String requestUrl(Request request) {
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || host.isEmpty()) {
            host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        if ((scheme.equals("http") && host.endsWith(":80")) || (scheme.equals("https") && host.endsWith(":443"))) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        String query = uri.getQuery();
        return scheme + "://" + host + uri.getPath() + (query == null ? "" : "?" + query);
    }

    private static String faultCode(int status) {
        return switch (status) {
            case 429 -> "Error.Throttled";
            case 500 -> "Error.InternalServerError";
            case 503 -> "Error.ServiceUnavailable";
            default -> "Error.Injected";
        };
    }
}
