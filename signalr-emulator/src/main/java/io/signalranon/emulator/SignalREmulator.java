package io.signalranon.emulator;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokens;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.auth.ServiceKeys;
import io.signalranon.emulator.auth.TemporaryKeys;
import io.signalranon.emulator.demo.DemoHandler;
import io.signalranon.emulator.entra.EntraIssuer;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.entra.EntraTokenCheck;
import io.signalranon.emulator.entra.IssuerKeys;
import io.signalranon.emulator.entra.ManagedIdentityHandler;
import io.signalranon.emulator.fault.FaultInjector;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.hub.ClientEndpoint;
import io.signalranon.emulator.hub.ClientNegotiateHandler;
import io.signalranon.emulator.hub.HubConnections;
import io.signalranon.emulator.hub.HubDelivery;
import io.signalranon.emulator.limit.ServiceLimiter;
import io.signalranon.emulator.limit.ServiceLimits;
import io.signalranon.emulator.negotiate.AnonymousNegotiateHandler;
import io.signalranon.emulator.rest.BearerTokenCheck;
import io.signalranon.emulator.rest.MessageSink;
import io.signalranon.emulator.rest.RestHandler;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.token.AccessKeyTokenIssuer;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.token.TemporaryKeyTokenIssuer;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * A local stand-in for Azure SignalR Service, embeddable in tests and runnable as a jar: the REST
 * data plane (v1 and 2022-06-01) with the service's checks (token signature, expiry and audience,
 * hub name, body shape and size) and optional fault injection; the client side on the same port
 * (negotiate, WebSocket, JSON hub protocol), to which sends to users and broadcasts are delivered;
 * optionally the anonymous negotiate endpoint and a demo page. Same default port (8888) and access
 * key as Microsoft's local emulator.
 *
 * <pre>{@code
 * try (SignalREmulator emulator = SignalREmulator.builder().port(0).build().start()) {
 *     ConnectionString cs = ConnectionString.parse(emulator.connectionString());
 *     ...
 *     assertThat(emulator.acceptedForUser("offers", "u1")).hasSize(1);
 * }
 * }</pre>
 * Thread-safe; the query methods may be called while requests arrive.
 */
public final class SignalREmulator implements AutoCloseable {

    /** The default port, as Microsoft's local emulator. */
    public static final int DEFAULT_PORT = 8888;
    /** The default access key, the one of {@link ConnectionString#EMULATOR_DEFAULT}. */
    public static final String DEFAULT_ACCESS_KEY = Objects.requireNonNull(
            ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT).accessKey(), "the default has an access key");
    /** How many accepted messages are kept in memory unless told otherwise. */
    public static final int DEFAULT_RETAIN = 1_000_000;
    /** How often open sockets get a ping record unless told otherwise (the JS client gives up after 30 s of silence). */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
    /** How long after negotiate a socket may connect unless told otherwise, as the service documents. */
    public static final Duration DEFAULT_CONNECT_WINDOW = Duration.ofSeconds(5);

    private static final int REQUEST_HEADER_LIMIT = 16 * 1024;

    private final Builder settings;
    private final AcceptedMessages messages;
    private final LongAdder requests = new LongAdder();
    private final HubConnections connections;
    private final ClientEndpoint clients;
    private final Server server;
    private final ServerConnector connector;
    private final @Nullable ServiceLimiter limiter;
    private final @Nullable AnonymousNegotiateHandler anonymousNegotiate;
    private final ServiceKeys keys;
    private final @Nullable EntraIssuer issuer;
    private final @Nullable ManagedIdentityHandler identity;
    private final RestHandler rest;
    private final @Nullable TemporaryKeys temporaryKeys;
    private @Nullable TemporaryKeyTokenIssuer temporaryKeyIssuer;
    private @Nullable SignalRRestClient negotiateClient;

    private SignalREmulator(Builder settings) {
        this.settings = settings;
        this.messages = new AcceptedMessages(settings.retain, settings.recordFile);
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads, Math.min(8, settings.maxThreads));
        threads.setName("signalr-emulator");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(REQUEST_HEADER_LIMIT);
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host);
        connector.setPort(settings.port);
        server.addConnector(connector);
        EntraMode entra = settings.entra;
        this.temporaryKeys = entra == null ? null : new TemporaryKeys(settings.clock, entra.temporaryKeyLifetime());
        this.keys = temporaryKeys == null
                ? ServiceKeys.accessKey(settings.accessKey, settings.clock)
                : ServiceKeys.temporary(temporaryKeys, settings.clock);
        AccessTokenCheck tokens = new AccessTokenCheck(keys.clientTokenKeys(), settings.strict, settings.clock);
        EntraIssuer entraIssuer = entra == null ? null : new EntraIssuer();
        this.issuer = entraIssuer;
        this.connections = new HubConnections(settings.clock, settings.connectWindow);
        this.clients = new ClientEndpoint(connections, tokens, settings.pingInterval);
        this.limiter = settings.limits.isNone() ? null : new ServiceLimiter(settings.limits);
        HubDelivery delivery = new HubDelivery(connections);
        MessageSink sink = (route, body, receivedAt) -> {
            messages.accepted(route, body, receivedAt);
            delivery.accepted(route, body, receivedAt);
        };
        List<Handler> handlers = new ArrayList<>();
        this.identity = entra == null || entraIssuer == null
                ? null
                : new ManagedIdentityHandler(
                        entraIssuer,
                        entra.identitySecret(),
                        entra.tokenLifetime(),
                        entra.identityAudience(),
                        settings.clock);
        if (identity != null) {
            handlers.add(identity);
        }
        handlers.add(new ClientNegotiateHandler(tokens, connections));
        NegotiateSettings negotiate = settings.negotiateSettings();
        AnonymousNegotiateHandler anonymous = negotiate == null
                ? null
                : new AnonymousNegotiateHandler(
                        negotiate,
                        settings.visitorKeys(),
                        clientTokenIssuer(),
                        configured -> settings.demo ? ownOrigins() : Set.of());
        if (anonymous != null) {
            handlers.add(anonymous);
        }
        this.anonymousNegotiate = anonymous;
        if (settings.demo) {
            handlers.add(new DemoHandler(Objects.requireNonNull(anonymous, "the demo has a negotiate endpoint")));
        }
        this.rest = new RestHandler(
                entra == null
                        ? new BearerTokenCheck(tokens)
                        : new BearerTokenCheck(entraTokenCheck(entra), entra.role()),
                keys,
                new FaultInjector(settings.faultPlan),
                sink,
                connections,
                requests,
                settings.clock,
                limiter);
        handlers.add(rest);
        server.setHandler(clients.wrap(server, new Handler.Sequence(handlers)));
        server.setStopTimeout(0);
    }

    /** A builder with the defaults: 127.0.0.1:8888, the emulator key, strict checks, no faults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening.
     *
     * @return this emulator
     * @throws UncheckedIOException when the port cannot be bound
     */
    public SignalREmulator start() {
        try {
            server.start();
            clients.start();
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException(
                    "cannot listen on " + settings.host + ":" + settings.port + ": " + e.getMessage(), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot start the emulator: " + e.getMessage(), e);
        }
        return this;
    }

    /** The port listened on (the chosen one when built with port 0); -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The host (address) listened on. */
    public String host() {
        return settings.host;
    }

    /** The client URL of a hub on this emulator, {@code http://localhost:<port>/client/?hub=<hub lower-cased>}. */
    public String clientUrl(String hub) {
        return AccessTokens.clientUrl(ConnectionString.parse(connectionString()).clientEndpoint(), hub);
    }

    /** The issuer of Entra ID tokens: this emulator's own key, and those of the configured file. */
    private EntraTokenCheck entraTokenCheck(EntraMode entra) {
        EntraIssuer own = Objects.requireNonNull(issuer, "an Entra ID service has its issuer");
        IssuerKeys trusted = IssuerKeys.of(own.keyId(), own.publicKey());
        Path issuerKeys = entra.issuerKeys();
        if (issuerKeys != null) {
            trusted = trusted.and(IssuerKeys.read(issuerKeys));
        }
        return new EntraTokenCheck(trusted, settings.clock);
    }

    /**
     * Signs the anonymous negotiate's client tokens: with the access key; with Entra ID as a site's
     * back end does, through the negotiate library, with a temporary access key fetched from this
     * service's {@code /api/v1/auth/accessKey} with an Entra ID token of this emulator's issuer (built
     * at the first token, when the port is known).
     */
    private ClientTokenIssuer clientTokenIssuer() {
        if (settings.entra == null) {
            return new AccessKeyTokenIssuer(() -> ConnectionString.parse(connectionString()));
        }
        return (hub, userId, lifetime) -> temporaryKeyIssuer().issue(hub, userId, lifetime);
    }

    private synchronized TemporaryKeyTokenIssuer temporaryKeyIssuer() {
        TemporaryKeyTokenIssuer current = temporaryKeyIssuer;
        if (current == null) {
            ConnectionString connection = ConnectionString.parse(connectionString());
            EntraMode entra = Objects.requireNonNull(settings.entra, "temporary keys are for Entra ID");
            EntraIssuer ownIssuer = Objects.requireNonNull(issuer, "an Entra ID service has its issuer");
            EntraCredential ownIdentity = new EntraCredential() {
                @Override
                public EntraToken fetch() {
                    Instant now = settings.clock.instant();
                    return new EntraToken(
                            ownIssuer.issue(EntraTokenCheck.AUDIENCE, null, now, entra.tokenLifetime()),
                            now.plus(entra.tokenLifetime()));
                }

                @Override
                public String describe() {
                    return "the emulator's own identity";
                }
            };
            SignalRRestClient client = SignalRRestClient.builder(connection)
                    .entraTokens(new EntraTokens(ownIdentity, settings.clock))
                    .build();
            negotiateClient = client;
            current = new TemporaryKeyTokenIssuer(connection, client, settings.clock);
            temporaryKeyIssuer = current;
        }
        return current;
    }

    /** How many tokens its managed identity endpoint issued (0 without Entra ID). */
    public long identityTokensIssued() {
        return identity == null ? 0 : identity.issuedCount();
    }

    /** How many REST requests were refused with 401 (no valid token) since start. */
    public long unauthorizedCount() {
        return rest.unauthorizedCount();
    }

    /**
     * The {@code KeyId}s of the temporary access keys it handed out ({@code /api/v1/auth/accessKey}) and
     * still accepts: a client token signed with one names it in its {@code kid}. Empty without Entra ID.
     */
    public Set<String> temporaryKeyIds() {
        return temporaryKeys == null ? Set.of() : temporaryKeys.keyIds();
    }

    /** Whether this emulator is a service with local authentication disabled (Entra ID only). */
    public boolean entra() {
        return settings.entra != null;
    }

    /**
     * Its managed identity endpoint in the App Service protocol, for {@code IDENTITY_ENDPOINT}
     * ({@code IDENTITY_HEADER} is {@link EntraMode#identitySecret()}), or {@code null} without Entra ID.
     */
    public @Nullable String identityEndpoint() {
        return settings.entra == null ? null : "http://" + endpointHost() + ":" + port() + ManagedIdentityHandler.PATH;
    }

    /** The base URL a SignalR client is given to reach the anonymous negotiate endpoint, or {@code null} without one. */
    public @Nullable String negotiateUrl() {
        NegotiateSettings negotiate = settings.negotiateSettings();
        return negotiate == null ? null : "http://" + endpointHost() + ":" + port() + negotiate.basePath();
    }

    /**
     * What the operator must hear about the anonymous negotiate endpoint at start: a visitor-id
     * source that trusts the caller, visitor cookies signed with a random development key.
     */
    public List<String> negotiateWarnings() {
        if (anonymousNegotiate == null) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>(anonymousNegotiate.endpoint().startWarnings());
        warnings.removeIf(w -> settings.demo && w.contains("allowedOrigins is empty"));
        if (settings.visitorKeys == null) {
            warnings.add("no " + VisitorKeys.ENVIRONMENT_VARIABLE + ": visitor cookies are signed with a random"
                    + " development key, valid only until this emulator stops");
        }
        return warnings;
    }

    /** The anonymous negotiate endpoint's handler, or {@code null} without one. */
    public @Nullable AnonymousNegotiateHandler anonymousNegotiate() {
        return anonymousNegotiate;
    }

    /** The origins of this emulator's own pages (the demo page), allowed by its anonymous negotiate. */
    private Set<String> ownOrigins() {
        Set<String> origins = new java.util.LinkedHashSet<>();
        origins.add("http://localhost:" + port());
        origins.add("http://127.0.0.1:" + port());
        if (!endpointHost().equals("localhost")) {
            origins.add("http://" + endpointHost() + ":" + port());
        }
        return origins;
    }

    /** Whether the demo page is served at {@code /}. */
    public boolean demo() {
        return settings.demo;
    }

    /** How many client sockets are open (past their handshake). */
    public int openConnectionCount() {
        return connections.openCount();
    }

    /** Whether {@code userId} has an open connection to {@code hub} (hub compared without case). */
    public boolean isConnected(String hub, String userId) {
        return connections.hasUser(hub, userId);
    }

    /** Whether token expiry and audience are checked. */
    public boolean strict() {
        return settings.strict;
    }

    /**
     * The connection string of this emulator:
     * {@code Endpoint=http://localhost;Port=<port>;AccessKey=<key>;Version=1.0;} ({@code localhost}
     * is replaced by the host when it listens on one specific non-loopback address).
     */
    public String connectionString() {
        if (settings.entra != null) {
            return "Endpoint=http://" + endpointHost() + ";Port=" + port() + ";AuthType=azure.msi;Version=1.0;";
        }
        return "Endpoint=http://" + endpointHost() + ";Port=" + port() + ";AccessKey=" + settings.accessKey
                + ";Version=1.0;";
    }

    /** The accepted messages still retained, oldest first. */
    public List<AcceptedMessage> accepted() {
        return messages.snapshot();
    }

    /** The retained messages sent to {@code userId} on {@code hub} (hub compared without case), oldest first. */
    public List<AcceptedMessage> acceptedForUser(String hub, String userId) {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(userId, "userId");
        return messages.snapshot().stream()
                .filter(m -> m.isForUser(hub, userId))
                .toList();
    }

    /** How many messages were accepted since start or {@link #clear()}, retained or not. */
    public long acceptedCount() {
        return messages.count();
    }

    /** How many requests arrived since start or {@link #clear()}, whatever their outcome. */
    public long requestCount() {
        return requests.sum();
    }

    /** Forgets accepted messages and resets both counts (the fault plan's state is kept). */
    public void clear() {
        messages.clear();
        requests.reset();
    }

    /** Writes buffered lines of the NDJSON message log, if any. */
    public void flush() {
        messages.flush();
    }

    /** Closes the client sockets (with the close record), stops listening and closes the message log. */
    @Override
    public void close() {
        synchronized (this) {
            if (temporaryKeyIssuer != null) {
                temporaryKeyIssuer.close();
            }
            if (negotiateClient != null) {
                negotiateClient.close();
            }
        }
        clients.shutdown();
        stopQuietly();
        if (limiter != null) {
            limiter.close();
        }
        messages.close();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the server threads are gone either way
        }
    }

    private String endpointHost() {
        try {
            InetAddress address = InetAddress.getByName(settings.host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress() ? "localhost" : settings.host;
        } catch (UnknownHostException e) {
            return settings.host;
        }
    }

    /** Settings of a {@link SignalREmulator}, checked by {@link #build()}. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private boolean strict = true;
        private @Nullable Path recordFile;
        private FaultPlan faultPlan = FaultPlan.NONE;
        private ServiceLimits limits = ServiceLimits.NONE;
        private int retain = DEFAULT_RETAIN;
        private int maxThreads = 200;
        private Clock clock = Clock.systemUTC();
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration connectWindow = DEFAULT_CONNECT_WINDOW;
        private @Nullable NegotiateSettings negotiate;
        private @Nullable VisitorKeys visitorKeys;
        private @Nullable VisitorKeys developmentKeys;
        private boolean demo;
        private @Nullable EntraMode entra;

        private Builder() {}

        /**
         * Makes this a service with local authentication disabled: REST calls need an Entra ID token
         * (from its own managed identity endpoint, {@link SignalREmulator#identityEndpoint()}, or a
         * trusted issuer) and a role that allows them, client tokens a temporary access key; access-key
         * tokens are refused. Off ({@code null}) by default.
         */
        public Builder entra(@Nullable EntraMode entra) {
            this.entra = entra;
            return this;
        }

        private @Nullable NegotiateSettings negotiateSettings() {
            return negotiate != null ? negotiate : demo ? NegotiateSettings.defaults("offers") : null;
        }

        private synchronized VisitorKeys visitorKeys() {
            if (visitorKeys != null) {
                return visitorKeys;
            }
            if (developmentKeys == null) {
                developmentKeys = VisitorKeys.development();
            }
            return developmentKeys;
        }

        /** How often open sockets get a ping record ({@code {"type":6}}); 15 seconds by default. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
            return this;
        }

        /** How long after negotiate its socket may connect (later: 404); 5 seconds by default. */
        public Builder connectWindow(Duration connectWindow) {
            this.connectWindow = Objects.requireNonNull(connectWindow, "connectWindow");
            return this;
        }

        /** Serves the anonymous negotiate endpoint at {@code /api/<route>}; none by default. */
        public Builder negotiate(@Nullable NegotiateSettings negotiate) {
            this.negotiate = negotiate;
            return this;
        }

        /** The keys of visitor cookies; by default a random development key, valid until the emulator stops. */
        public Builder visitorKeys(@Nullable VisitorKeys visitorKeys) {
            this.visitorKeys = visitorKeys;
            return this;
        }

        /**
         * Serves the demo page at {@code /} (and, when no negotiate is set, the default one: hub
         * {@code offers}, signed cookie {@code sa_vid}); the page's own origin is allowed; off by default.
         */
        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        /** The address to listen on; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port, 0 for any free one; 8888 by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The access key that signs tokens; the emulator key of the default connection string by default. */
        public Builder accessKey(String accessKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            return this;
        }

        /** Whether token expiry and audience are checked (signatures always are); true by default. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** A file that gets one JSON line per accepted message (created or truncated); none by default. */
        public Builder recordTo(@Nullable Path ndjson) {
            this.recordFile = ndjson;
            return this;
        }

        /** Faults to inject; none by default. */
        public Builder faultPlan(FaultPlan faultPlan) {
            this.faultPlan = Objects.requireNonNull(faultPlan, "faultPlan");
            return this;
        }

        /** The service's limits to model: units (calls per second) and latency; none by default. */
        public Builder limits(ServiceLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How many accepted messages are kept in memory (older ones are dropped); 1,000,000 by default. */
        public Builder retain(int retain) {
            this.retain = retain;
            return this;
        }

        /** Request threads, 8 to 10,000; 200 by default. */
        public Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /** The clock that checks token expiry and dates accepted messages; the UTC system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and builds a stopped emulator.
         *
         * @throws IllegalArgumentException naming the broken rule
         */
        public SignalREmulator build() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
            }
            if (accessKey.isEmpty()) {
                throw new IllegalArgumentException("access key must not be empty");
            }
            if (accessKey.indexOf(';') >= 0 || !accessKey.equals(accessKey.trim())) {
                throw new IllegalArgumentException("access key must not contain ';' or surrounding spaces");
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (retain < 0) {
                throw new IllegalArgumentException("retain must be >= 0, got " + retain);
            }
            if (pingInterval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("pingInterval must be at least 10 ms, got " + pingInterval);
            }
            if (connectWindow.isNegative() || connectWindow.isZero()) {
                throw new IllegalArgumentException("connectWindow must be positive, got " + connectWindow);
            }
            if (maxThreads < 8 || maxThreads > 10_000) {
                throw new IllegalArgumentException("maxThreads must be from 8 to 10000, got " + maxThreads);
            }
            return new SignalREmulator(this);
        }
    }
}
