package io.signalranon.negotiate.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import io.signalranon.negotiate.ForwardedFor;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateEndpoints;
import io.signalranon.negotiate.NegotiateReply;
import io.signalranon.negotiate.NegotiateRequest;
import io.signalranon.negotiate.NegotiateSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Answers Azure Functions HTTP requests with the negotiate endpoint: a thin adapter that any
 * {@code @HttpTrigger} method can call. The client address (the rate limit's key) is the last entry
 * of {@code X-Forwarded-For}, which the Functions front end appends; the response headers are
 * written one value per name, as the Functions host carries them.
 */
public final class NegotiateFunctionHandler {

    /** The environment variable naming the {@code negotiate.json} file. */
    public static final String SETTINGS_VARIABLE = "SIGNALR_ANON_NEGOTIATE_JSON";
    /** The class-path resource read when {@value #SETTINGS_VARIABLE} is not set. */
    public static final String SETTINGS_RESOURCE = "negotiate.json";

    private static final String UNKNOWN_CLIENT = "unknown";
    private static final Shared SHARED = new Shared(System::getenv);

    private final NegotiateEndpoint endpoint;

    public NegotiateFunctionHandler(NegotiateEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * The handler of this worker process, built at the first call from the environment: settings from
     * the file {@value #SETTINGS_VARIABLE} names, else the class-path resource {@value #SETTINGS_RESOURCE};
     * visitor keys and the connection string as every form of negotiate reads them. One per process,
     * so the rate limit is per worker process. When it is built, the endpoint's start warnings (a
     * visitor-id source that any caller can set, no allowed origin) go to {@code log} as warnings,
     * once per process: pass the invocation's {@code ExecutionContext.getLogger()}.
     *
     * @throws IllegalStateException saying what is missing (the invocation fails; nothing is answered without it)
     */
    public static NegotiateFunctionHandler shared(Logger log) {
        return SHARED.get(log);
    }

    /**
     * A handler built from this environment (see {@link #shared(Logger)}), its start warnings logged to
     * {@code log}.
     */
    static NegotiateFunctionHandler fromEnvironment(Function<String, @Nullable String> environment, Logger log) {
        NegotiateFunctionHandler handler;
        try {
            handler = new NegotiateFunctionHandler(
                    NegotiateEndpoints.fromEnvironment(settings(environment), environment));
        } catch (RuntimeException e) {
            throw new IllegalStateException("signalr-negotiate: " + e.getMessage(), e);
        }
        handler.endpoint.startWarnings().forEach(warning -> log.warning("signalr-negotiate: " + warning));
        return handler;
    }

    /** The one handler of a process, built (and its warnings logged) at the first call that succeeds. */
    static final class Shared {

        private final Function<String, @Nullable String> environment;
        private @Nullable NegotiateFunctionHandler handler;

        Shared(Function<String, @Nullable String> environment) {
            this.environment = environment;
        }

        synchronized NegotiateFunctionHandler get(Logger log) {
            NegotiateFunctionHandler built = handler;
            if (built == null) {
                built = fromEnvironment(environment, log);
                handler = built;
            }
            return built;
        }
    }

    private static NegotiateSettings settings(Function<String, @Nullable String> environment) {
        String file = environment.apply(SETTINGS_VARIABLE);
        if (file != null && !file.isBlank()) {
            return NegotiateSettings.read(Path.of(file.strip()));
        }
        try (InputStream in = NegotiateFunctionHandler.class.getClassLoader().getResourceAsStream(SETTINGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalArgumentException("no negotiate settings: put " + SETTINGS_RESOURCE
                        + " on the class path (src/main/resources) or set " + SETTINGS_VARIABLE + " to its path");
            }
            return NegotiateSettings.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SETTINGS_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint answered. */
    public NegotiateEndpoint endpoint() {
        return endpoint;
    }

    /** Answers one request. */
    public HttpResponseMessage handle(HttpRequestMessage<?> request) {
        NegotiateReply reply = endpoint.handle(toNegotiateRequest(request));
        HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatusType.custom(reply.status()));
        Map<String, String> headers = new LinkedHashMap<>();
        reply.headers().forEach(header -> headers.merge(header.name(), header.value(), (a, b) -> a + ", " + b));
        headers.forEach(response::header);
        if (!reply.body().isEmpty()) {
            response.body(reply.body());
        }
        return response.build();
    }

    private static NegotiateRequest toNegotiateRequest(HttpRequestMessage<?> request) {
        Map<String, String> headers = request.getHeaders();
        String forwardedFor = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(ForwardedFor.HEADER)) {
                forwardedFor = header.getValue();
            }
        }
        String client = ForwardedFor.nearestClient(forwardedFor == null ? List.of() : List.of(forwardedFor))
                .orElse(UNKNOWN_CLIENT);
        NegotiateRequest.Builder in =
                NegotiateRequest.builder(request.getHttpMethod().name(), client);
        headers.forEach(in::header);
        request.getQueryParameters().forEach(in::query);
        return in.build();
    }
}
