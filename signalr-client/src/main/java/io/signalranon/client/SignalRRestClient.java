package io.signalranon.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A blocking client for the REST data plane of Azure SignalR Service (and of the local emulator).
 *
 * <p>Every method makes exactly one HTTP request and returns a {@link SendOutcome}; it never
 * throws for HTTP or I/O failures and never retries: the caller owns retry, guided by
 * {@link SendOutcome#kind()} and {@link SendOutcome#retryAfter()}. Argument errors (invalid hub
 * name, empty user id) throw {@link IllegalArgumentException}. With an access key, each request
 * carries a freshly signed server token whose {@code aud} is the request URL without query (signing
 * costs a few microseconds; a per-URL token cache was measured and did not pay, as sends go to
 * distinct users). With Entra ID ({@code AuthType=}), each request carries the identity's cached
 * token ({@link EntraTokens}, renewed before it expires); a 401 makes the client renew it and repeat
 * that request once, the only case where a method makes a second request; when no token can be had,
 * the outcome is retryable with status 0. Connections are pooled ({@code maxConnections} per route and
 * in total) and kept alive. Thread-safe; close it to release the pool.
 */
public final class SignalRRestClient implements AutoCloseable {

    private static final ContentType JSON_BODY = ContentType.APPLICATION_JSON;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_AUTH_BODY = 64 * 1024;
    private static final String ACCESS_KEY_ROLES = "SignalR App Server or SignalR Service Owner";
    private static final String CLIENT_TOKEN_ROLES = "SignalR REST API Owner or SignalR Service Owner";

    private final RestPaths paths;
    private final RequestAuthorization authorization;
    private final boolean usesEntra;
    private final CloseableHttpClient http;
    private final OutcomeResponseHandler handler;
    private final OutcomeClassifier classifier;

    private SignalRRestClient(Builder builder) {
        this.paths = new RestPaths(builder.connection.serverEndpoint(), builder.apiVersion);
        this.usesEntra = builder.connection.usesEntra();
        this.authorization = RequestAuthorization.of(builder.connection, builder.clock, builder.entraTokens);
        this.classifier = new OutcomeClassifier(builder.clock);
        this.handler = new OutcomeResponseHandler(classifier);
        this.http = httpClient(builder);
    }

    /** A builder for a client of the service named by {@code connection}. */
    public static Builder builder(ConnectionString connection) {
        return new Builder(connection);
    }

    /** Whether requests are authorized with Entra ID ({@code AuthType=}) rather than an access key. */
    public boolean usesEntra() {
        return usesEntra;
    }

    /** The API version whose paths this client calls. */
    public ApiVersion apiVersion() {
        return paths.version();
    }

    /**
     * Gets what requests need to be authorized now: with Entra ID, the first token (with an access
     * key there is nothing to get), so that a credential that cannot work shows before any send.
     *
     * @throws EntraTokenException naming the credential and the cause, never a secret
     */
    public void checkAuthorization() {
        authorization.check();
    }

    /** Sends {@code jsonBody} ({@code {"target":…,"arguments":[…]}}) to every connection of a user: 202 when accepted. */
    public SendOutcome sendToUser(String hub, String userId, String jsonBody) {
        return send(prepareSendToUser(hub, userId, jsonBody));
    }

    /**
     * Builds and signs {@link #sendToUser} without sending it, so that the work before the request can
     * be done ahead; the token is valid for the REST token lifetime from now.
     */
    public PreparedSend prepareSendToUser(String hub, String userId, String jsonBody) {
        HttpPost post = post(paths.sendToUser(hub, userId), jsonBody);
        try {
            authorize(post);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid request URI: " + e.getMessage(), e);
        }
        return new PreparedSend(post);
    }

    /** Makes the one request of a prepared send (see {@link #sendToUser}). */
    public SendOutcome send(PreparedSend prepared) {
        return call(prepared.takeRequest());
    }

    /** Whether the user has connections: 200 gives DELIVERED, 404 gives PERMANENT with status 404. */
    public SendOutcome userExists(String hub, String userId) {
        return execute(new HttpHead(paths.user(hub, userId)));
    }

    /** Adds a user to a group. */
    public SendOutcome addUserToGroup(String hub, String group, String userId) {
        return execute(new HttpPut(paths.groupUser(hub, group, userId)));
    }

    /** Removes a user from a group. */
    public SendOutcome removeUserFromGroup(String hub, String group, String userId) {
        return execute(new HttpDelete(paths.groupUser(hub, group, userId)));
    }

    /** Sends {@code jsonBody} to every connection in a group. */
    public SendOutcome sendToGroup(String hub, String group, String jsonBody) {
        return execute(post(paths.sendToGroup(hub, group), jsonBody));
    }

    /** Sends {@code jsonBody} to every connection of a hub. */
    public SendOutcome broadcast(String hub, String jsonBody) {
        return execute(post(paths.broadcast(hub), jsonBody));
    }

    /** Checks the service's health endpoint. */
    public SendOutcome health() {
        return execute(new HttpHead(paths.health()));
    }

    /**
     * Fetches a temporary access key ({@code GET /api/v1/auth/accessKey}): with Entra ID, what signs
     * client tokens when the service has no access key. Needs the role SignalR App Server or SignalR
     * Service Owner.
     *
     * @throws AuthEndpointException when the service does not hand one out (403: the role is missing)
     */
    public TemporaryAccessKey temporaryAccessKey() {
        JsonNode body = fetchJson(new HttpGet(paths.accessKey()), "the temporary access key", ACCESS_KEY_ROLES);
        return new TemporaryAccessKey(text(body, "KeyId"), text(body, "AccessKey"));
    }

    /**
     * Asks the service for a client token ({@code POST /api/hubs/{hub}/:generateToken}) for
     * {@code userId}, valid for {@code lifetime} (whole minutes, 1 to 1440, rounded up). Needs the role
     * SignalR REST API Owner or SignalR Service Owner.
     *
     * @throws AuthEndpointException when the service does not make one
     */
    public String generateClientToken(String hub, String userId, Duration lifetime) {
        long minutes = Math.max(1, (lifetime.toSeconds() + 59) / 60);
        if (minutes > 1440) {
            throw new IllegalArgumentException("a generated client token lives at most 1440 minutes, got " + lifetime);
        }
        JsonNode body = fetchJson(
                new HttpPost(paths.generateToken(hub, userId, minutes)), "a client token", CLIENT_TOKEN_ROLES);
        return text(body, "token");
    }

    private JsonNode fetchJson(HttpUriRequestBase request, String what, String roles) {
        try {
            authorize(request);
            authorization.beforeSend(request);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid request URI: " + e.getMessage(), e);
        } catch (EntraTokenException e) {
            throw new AuthEndpointException(0, "cannot ask for " + what + ": " + e.getMessage());
        }
        Raw raw = exchangeRaw(request, what);
        if (raw.status() == 401 && authorization.renewAfterRejection(request)) {
            raw = exchangeRaw(request, what);
        }
        if (raw.status() != 200) {
            SendOutcome outcome =
                    classifier.response(raw.status(), null, null, OutcomeResponseHandler.message(raw.body()));
            throw new AuthEndpointException(
                    raw.status(),
                    "the service did not hand out " + what + ": " + outcome.reason()
                            + (raw.status() == 403 ? " (the identity needs the role " + roles + ")" : ""));
        }
        try {
            return JSON.readTree(raw.body());
        } catch (JsonProcessingException e) {
            throw new AuthEndpointException(200, "the service's answer with " + what + " is not JSON");
        }
    }

    private Raw exchangeRaw(HttpUriRequestBase request, String what) {
        try {
            return http.execute(
                    request,
                    response -> new Raw(
                            response.getCode(),
                            response.getEntity() == null
                                    ? ""
                                    : EntityUtils.toString(response.getEntity(), MAX_AUTH_BODY)));
        } catch (IOException e) {
            throw new AuthEndpointException(
                    0,
                    "no answer when asking for " + what + ": "
                            + classifier.noResponse(e).reason());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new AuthEndpointException(200, "the service's answer has no " + field);
        }
        return value.asText();
    }

    /** A status and a body. */
    private record Raw(int status, String body) {}

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    private static HttpPost post(URI url, String jsonBody) {
        Objects.requireNonNull(jsonBody, "jsonBody");
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(jsonBody, JSON_BODY));
        return post;
    }

    private SendOutcome execute(HttpUriRequestBase request) {
        try {
            authorize(request);
        } catch (URISyntaxException e) {
            return classifier.noResponse(e);
        }
        return call(request);
    }

    private void authorize(HttpUriRequestBase request) throws URISyntaxException {
        authorization.sign(request);
    }

    private SendOutcome call(HttpUriRequestBase request) {
        try {
            authorization.beforeSend(request);
        } catch (EntraTokenException e) {
            return classifier.noToken(e);
        }
        SendOutcome outcome = exchange(request);
        if (outcome.status() == 401 && authorization.renewAfterRejection(request)) {
            outcome = exchange(request);
        }
        return outcome;
    }

    private SendOutcome exchange(HttpUriRequestBase request) {
        try {
            return http.execute(request, handler);
        } catch (IOException e) {
            return classifier.noResponse(e);
        }
    }

    private static CloseableHttpClient httpClient(Builder builder) {
        Timeout connect = Timeout.of(builder.connectTimeout);
        Timeout response = Timeout.of(builder.responseTimeout);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(builder.maxConnections)
                .setMaxConnPerRoute(builder.maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(response)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(response)
                        .setResponseTimeout(response)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(20))
                .build();
    }

    /** Settings of a {@link SignalRRestClient}, validated by {@link #build()}. */
    public static final class Builder {

        private static final int MAX_CONNECTIONS_LIMIT = 10_000;
        private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

        private final ConnectionString connection;
        private ApiVersion apiVersion = ApiVersion.V1;
        private int maxConnections = 64;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private @Nullable EntraTokens entraTokens;

        private Builder(ConnectionString connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** The REST API version, {@link ApiVersion#V1} by default. */
        public Builder apiVersion(ApiVersion apiVersion) {
            this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
            return this;
        }

        /** Pooled connections per route and in total, 1 to 10,000; 64 by default. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Time allowed to open a connection, more than 0 and at most 10 minutes; 5 seconds by default. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Time allowed for the response (socket inactivity) and for getting a pooled connection,
         * more than 0 and at most 10 minutes; 30 seconds by default.
         */
        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
            return this;
        }

        /** The clock that dates tokens and reads {@code Retry-After} dates; the UTC system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The Entra ID tokens to send with an {@code AuthType=} connection string; by default the
         * process's {@linkplain EntraTokens#shared shared} tokens of the connection's identity.
         */
        public Builder entraTokens(EntraTokens entraTokens) {
            this.entraTokens = Objects.requireNonNull(entraTokens, "entraTokens");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalArgumentException naming the broken rule
         */
        public SignalRRestClient build() {
            if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
                throw new IllegalArgumentException(
                        "maxConnections must be from 1 to " + MAX_CONNECTIONS_LIMIT + ", got " + maxConnections);
            }
            requireTimeout("connectTimeout", connectTimeout);
            requireTimeout("responseTimeout", responseTimeout);
            return new SignalRRestClient(this);
        }

        private static void requireTimeout(String name, Duration value) {
            if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be more than 0 and at most 10 minutes, got " + value);
            }
        }
    }
}
