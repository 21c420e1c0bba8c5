package io.signalranon.dispatcher.delivery;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraIdentity;
import io.signalranon.client.EntraTokenException;
import io.signalranon.client.InvalidConnectionStringException;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.emulator.SignalREmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The SignalR service the dispatcher sends to, opened on first use: the one named by
 * {@code SIGNALR_CONNECTION_STRING}, {@code AzureSignalRConnectionString} or
 * {@code dispatcher.signalr.connection-string}, or, when none is set, an emulator started in this
 * process on 127.0.0.1 (the run says so).
 */
public class SignalRConnection implements AutoCloseable {

    /** Environment variables read for the connection string, in order. */
    public static final String[] VARIABLES = {"SIGNALR_CONNECTION_STRING", "AzureSignalRConnectionString"};

    private static final int RETAINED = 10_000;
    /** A failed first Entra ID token is not asked for again this soon (the step opens and closes its writer). */
    private static final Duration NO_TOKEN_REMEMBERED = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SignalRConnection.class);

    private static final String SETTING = "dispatcher.signalr.connection-string";
    private static final String EXPECTED_FORM =
            "Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;"
                    + " or, with Entra ID, ...;AuthType=azure|azure.msi|azure.app;...";

    private final @Nullable String configured;
    private final String source;
    private final SignalRProperties signalr;
    private final DeliveryProperties delivery;
    private @Nullable SignalREmulator emulator;
    private @Nullable SignalRRestClient client;
    private @Nullable SystemicDeliveryException noToken;
    private @Nullable Instant noTokenAt;

    public SignalRConnection(Environment environment, SignalRProperties signalr, DeliveryProperties delivery) {
        this.configured = configured(environment, signalr);
        this.source = source(environment);
        this.signalr = Objects.requireNonNull(signalr, "signalr");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    private static @Nullable String configured(Environment environment, SignalRProperties signalr) {
        for (String variable : VARIABLES) {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        String value = signalr.connectionString();
        return value == null || value.isBlank() ? null : value;
    }

    private static String source(Environment environment) {
        for (String variable : VARIABLES) {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                return variable;
            }
        }
        return SETTING;
    }

    private static String entraDescription(ConnectionString connection) {
        EntraIdentity entra = connection.entra();
        return entra == null ? "" : ", Entra ID: " + entra.describe();
    }

    /** Whether a connection string is set; without one, the service is an emulator started in this process. */
    public boolean configured() {
        return configured != null;
    }

    /**
     * Checks the configured connection string without connecting.
     *
     * @throws io.signalranon.client.InvalidConnectionStringException naming the setting it came from, the
     *     broken rule and the expected form (never the key)
     */
    public void validate() {
        if (configured != null) {
            try {
                ConnectionString.parse(configured);
            } catch (InvalidConnectionStringException e) {
                throw new InvalidConnectionStringException("the connection string in " + source + ": " + e.getMessage()
                        + " (expected " + EXPECTED_FORM + ")");
            }
        }
    }

    /**
     * The REST client, opened (and the in-process emulator started) on first call; with Entra ID, its
     * first token is fetched then.
     *
     * @throws SystemicDeliveryException when no Entra ID token can be had, naming the credential
     */
    public synchronized SignalRRestClient client() {
        if (client == null
                && noToken != null
                && noTokenAt != null
                && Duration.between(noTokenAt, Instant.now()).compareTo(NO_TOKEN_REMEMBERED) < 0) {
            throw new SystemicDeliveryException(noToken.getMessage(), 0);
        }
        if (client == null) {
            ConnectionString connection;
            if (configured == null) {
                SignalREmulator started = SignalREmulator.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .retain(RETAINED)
                        .build()
                        .start();
                emulator = started;
                connection = ConnectionString.parse(started.connectionString());
                log.info(
                        "No connection string set (SIGNALR_CONNECTION_STRING): sending to an in-process SignalR emulator at {}",
                        connection.endpoint());
            } else {
                connection = ConnectionString.parse(configured);
                log.info(
                        "Sending to SignalR at {} (hub '{}', API {}{})",
                        connection.serverEndpoint(),
                        signalr.hub(),
                        signalr.apiVersion(),
                        entraDescription(connection));
            }
            SignalRRestClient opened = SignalRRestClient.builder(connection)
                    .apiVersion(signalr.version())
                    .maxConnections(delivery.sendThreads())
                    .connectTimeout(delivery.connectTimeout())
                    .responseTimeout(delivery.responseTimeout())
                    .build();
            try {
                opened.checkAuthorization();
            } catch (EntraTokenException e) {
                opened.close();
                noToken = new SystemicDeliveryException(e.getMessage(), 0);
                noTokenAt = Instant.now();
                throw noToken;
            }
            client = opened;
        }
        return client;
    }

    /**
     * A sender to this service's hub that retries each message by the delivery settings' schedule,
     * its attempts admitted by a new {@link SendGate} (one per step: it learns the service's limits).
     */
    public RetryingSender retryingSender() {
        return retryingSender(SendObserver.NONE);
    }

    /** Like {@link #retryingSender()}, telling {@code observer} of every attempt. */
    public RetryingSender retryingSender(SendObserver observer) {
        return retryingSender(observer, 1);
    }

    /**
     * Like {@link #retryingSender(SendObserver)}, for one of {@code rateSharers} senders that run at once
     * (the partitions of a run in flight on several workers): each gets its share of {@code max-rate}.
     */
    public RetryingSender retryingSender(SendObserver observer, int rateSharers) {
        return new RetryingSender(
                new SignalRTransport(client(), signalr.hub()),
                delivery.retrySchedule(),
                delivery.sharedBy(rateSharers).sendGate(),
                observer);
    }

    /** Messages the in-process emulator accepted, when it was used. */
    public synchronized OptionalLong emulatorAccepted() {
        return emulator == null ? OptionalLong.empty() : OptionalLong.of(emulator.acceptedCount());
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
