package io.signalranon.negotiate.token;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.AuthEndpointException;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.client.TemporaryAccessKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs client tokens with the service's temporary access key, for an Entra ID connection string
 * ({@code AuthType=}), as Microsoft's SDKs do: the key comes from {@code GET /api/v1/auth/accessKey}
 * with the Entra ID token (roles SignalR App Server or SignalR Service Owner), each token names it
 * in its {@code kid}. The first tokens (every one asked for before the first fetch ends) wait for the
 * first fetch (at most {@link #FIRST_WAIT}); after that the key is renewed on a background thread
 * every {@link #REFRESH} (it expires after 90 minutes), never on the request path, a failed fetch
 * (whatever failed) being tried again after {@link #RETRY}. While
 * there is no key younger than {@link #KEY_LIFETIME}, tokens fail with {@link ClientTokenException}
 * (negotiate answers 503); the cause is logged once per run of failures, without a stack trace.
 */
public final class TemporaryKeyTokenIssuer implements ClientTokenIssuer, AutoCloseable {

    /** How often the key is renewed, as the .NET SDK does. */
    public static final Duration REFRESH = Duration.ofMinutes(55);
    /** How long the service accepts a temporary key. */
    public static final Duration KEY_LIFETIME = Duration.ofMinutes(90);
    /** The wait before a failed fetch is tried again. */
    public static final Duration RETRY = Duration.ofSeconds(30);
    /** The longest the first token waits for the first key. */
    public static final Duration FIRST_WAIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TemporaryKeyTokenIssuer.class);

    private final ConnectionString connection;
    private final SignalRRestClient client;
    private final Clock clock;
    private final Duration refresh;
    private final Duration retry;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "signalr-temporary-key");
        thread.setDaemon(true);
        return thread;
    });
    private volatile @Nullable Signer signer;
    private volatile @Nullable String lastFailure;

    /** A key with the tokens it signs, and when it was fetched. */
    private record Signer(AccessTokens tokens, Instant fetchedAt) {}

    /** @param client a client of the service of {@code connection}, with its Entra ID credential */
    public TemporaryKeyTokenIssuer(ConnectionString connection, SignalRRestClient client, Clock clock) {
        this(connection, client, clock, REFRESH, RETRY);
    }

    TemporaryKeyTokenIssuer(
            ConnectionString connection, SignalRRestClient client, Clock clock, Duration refresh, Duration retry) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public NegotiateResponse issue(String hub, String userId, Duration lifetime) {
        if (started.compareAndSet(false, true)) {
            scheduler.execute(this::fetch);
        }
        if (firstAttempt.getCount() > 0) {
            try {
                firstAttempt.await(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Signer current = signer;
        if (current == null || !clock.instant().isBefore(current.fetchedAt().plus(KEY_LIFETIME))) {
            throw new ClientTokenException(
                    "no temporary access key" + (lastFailure == null ? " yet" : ": " + lastFailure));
        }
        return current.tokens().forClient(hub, userId, lifetime);
    }

    private void fetch() {
        try {
            TemporaryAccessKey key = client.temporaryAccessKey();
            signer = new Signer(new AccessTokens(connection, key, clock), clock.instant());
            if (lastFailure != null) {
                log.info("Fetched the temporary access key of {} again", connection.endpoint());
            }
            lastFailure = null;
            schedule(refresh);
        } catch (RuntimeException e) {
            String failure = failure(e);
            if (!failure.equals(lastFailure)) {
                log.warn("Negotiate cannot sign client tokens: {}", failure);
            }
            lastFailure = failure;
            schedule(retry);
        } finally {
            firstAttempt.countDown();
        }
    }

    /** What went wrong, for the log and the 503's cause: the service's answer, or the unexpected failure. */
    private static String failure(RuntimeException e) {
        if (e instanceof AuthEndpointException auth) {
            return auth.getMessage()
                    + (auth.status() == 403 ? "; a role assigned less than 30 minutes ago may not apply yet" : "");
        }
        return e instanceof IllegalArgumentException ? String.valueOf(e.getMessage()) : e.toString();
    }

    private void schedule(Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::fetch, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops renewing the key. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
