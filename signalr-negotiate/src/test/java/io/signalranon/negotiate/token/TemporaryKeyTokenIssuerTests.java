package io.signalranon.negotiate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.sun.net.httpserver.HttpServer;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokens;
import io.signalranon.client.SignalRRestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The temporary access key is fetched off the request path: first for the first tokens, then in the background. */
class TemporaryKeyTokenIssuerTests {

    private static final String ENTRA_TOKEN = "entra-token-that-must-not-show";
    private static final String TEMPORARY_KEY = "t3mporary-key-";
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int status = 200;
    private volatile long delayMillis;
    private HttpServer server;
    private SignalRRestClient client;
    private TemporaryKeyTokenIssuer issuer;

    @AfterEach
    void stop() {
        if (issuer != null) {
            issuer.close();
        }
        if (client != null) {
            client.close();
        }
        server.stop(0);
    }

    /** A service whose n-th temporary key is {@code key-n}, answering {@link #status}. */
    private ConnectionString serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/auth/accessKey", exchange -> {
            int n = fetches.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = status == 200
                    ? "{\"KeyId\":\"key-" + n + "\",\"AccessKey\":\"" + TEMPORARY_KEY + n + "\"}"
                    : "{\"code\":\"Error.Forbidden\",\"message\":\"not allowed to perform auth/accessKey/action\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return ConnectionString.parse(
                "Endpoint=http://127.0.0.1:" + server.getAddress().getPort() + ";AuthType=azure.msi;Version=1.0;");
    }

    private TemporaryKeyTokenIssuer issuer(EntraCredential credential, Duration refresh, Duration retry)
            throws IOException {
        ConnectionString connection = serve();
        client = SignalRRestClient.builder(connection)
                .entraTokens(new EntraTokens(credential, Clock.systemUTC()))
                .build();
        issuer = new TemporaryKeyTokenIssuer(connection, client, Clock.systemUTC(), refresh, retry);
        return issuer;
    }

    private static EntraCredential identity() {
        return new EntraCredential() {
            @Override
            public EntraToken fetch() {
                return new EntraToken(ENTRA_TOKEN, Instant.now().plus(Duration.ofHours(1)));
            }

            @Override
            public String describe() {
                return "a test identity";
            }
        };
    }

    private static String kid(TemporaryKeyTokenIssuer issuer) {
        return JWT.decode(issuer.issue("offers", "visitor-1", LIFETIME).accessToken())
                .getKeyId();
    }

    /** The kid of a token, or {@code null} while there is no key. */
    private static String kidOrNull(TemporaryKeyTokenIssuer issuer) {
        try {
            return kid(issuer);
        } catch (ClientTokenException e) {
            return null;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("reached within 10 s").isTrue();
    }

    @Test
    void theFirstTokensAllWaitForTheFirstKeyAndLaterOnesNeverAskTheService() throws Exception {
        // given: the first key takes 300 ms to come
        TemporaryKeyTokenIssuer issuer = issuer(identity(), Duration.ofHours(1), Duration.ofHours(1));
        delayMillis = 300;
        ExecutorService visitors = Executors.newFixedThreadPool(8);
        List<Callable<String>> firstNegotiates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            firstNegotiates.add(() -> kid(issuer));
        }

        // when
        List<String> firstKids = new ArrayList<>();
        for (Future<String> kid : visitors.invokeAll(firstNegotiates)) {
            firstKids.add(kid.get());
        }
        visitors.shutdown();
        for (int i = 0; i < 200; i++) {
            kid(issuer);
        }

        // then
        assertThat(firstKids).hasSize(8).containsOnly("key-1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void theKeyIsRenewedInTheBackgroundWithoutAnyNegotiate() throws Exception {
        // given
        TemporaryKeyTokenIssuer issuer = issuer(identity(), Duration.ofMillis(200), Duration.ofHours(1));
        String first = kid(issuer);

        // when: no negotiate while the key is renewed
        await(() -> fetches.get() >= 3);

        // then
        assertThat(first).isEqualTo("key-1");
        assertThat(kid(issuer)).isNotEqualTo("key-1");
    }

    @Test
    void aMissingRoleFailsEveryTokenAndIsLoggedOnceNamingTheRoleWithoutAStackTrace() throws Exception {
        // given
        status = 403;
        TemporaryKeyTokenIssuer issuer = issuer(identity(), Duration.ofHours(1), Duration.ofMillis(50));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Throwable> refusals = new ArrayList<>();
        try {
            // when: negotiates while the service refuses the key again and again, then hands it out
            for (int i = 0; i < 20; i++) {
                try {
                    kid(issuer);
                } catch (ClientTokenException e) {
                    refusals.add(e);
                }
            }
            await(() -> fetches.get() >= 5);
            status = 200;
            await(() -> kidOrNull(issuer) != null);
        } finally {
            System.setErr(stderr);
        }

        // then
        assertThat(refusals).hasSize(20);
        assertThat(refusals.get(0))
                .hasMessageContaining("403")
                .hasMessageContaining("SignalR App Server or SignalR Service Owner")
                .hasMessageContaining("30 minutes");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged.lines().filter(line -> line.contains("Negotiate cannot sign client tokens")))
                .singleElement()
                .asString()
                .contains("SignalR App Server or SignalR Service Owner");
        assertThat(logged).contains("Fetched the temporary access key").doesNotContain("\tat ");
        assertThat(logged + refusals).doesNotContain(ENTRA_TOKEN).doesNotContain(TEMPORARY_KEY);
    }

    @Test
    void anUnexpectedFailureOfAFetchDoesNotStopTheRenewals() throws Exception {
        // given: a credential that breaks once in a way nobody planned for
        AtomicInteger asked = new AtomicInteger();
        EntraCredential flaky = new EntraCredential() {
            @Override
            public EntraToken fetch() {
                if (asked.incrementAndGet() == 1) {
                    throw new IllegalStateException("credential broken");
                }
                return new EntraToken(ENTRA_TOKEN, Instant.now().plus(Duration.ofHours(1)));
            }

            @Override
            public String describe() {
                return "a flaky identity";
            }
        };
        TemporaryKeyTokenIssuer issuer = issuer(flaky, Duration.ofHours(1), Duration.ofMillis(50));

        // when
        assertThatThrownBy(() -> kid(issuer))
                .isInstanceOf(ClientTokenException.class)
                .hasMessageContaining("credential broken");

        // then
        await(() -> kidOrNull(issuer) != null);
        assertThat(kid(issuer)).isEqualTo("key-1");
        assertThat(asked).hasValue(2);
    }
}
