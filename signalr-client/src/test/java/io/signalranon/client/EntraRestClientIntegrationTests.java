package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client with an Entra ID connection string, against a local server that records the bearer of each request. */
class EntraRestClientIntegrationTests {

    private final List<String> bearers = new CopyOnWriteArrayList<>();
    private final AtomicInteger credentialCalls = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ConnectionString serve(IntUnaryOperator statusOfRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            bearers.add(authorization == null ? "" : authorization);
            exchange.sendResponseHeaders(statusOfRequest.applyAsInt(requests.incrementAndGet()), -1);
            exchange.close();
        });
        server.start();
        return ConnectionString.parse(
                "Endpoint=http://127.0.0.1:" + server.getAddress().getPort() + ";AuthType=azure.msi;Version=1.0;");
    }

    private EntraTokens tokens(String... values) {
        return new EntraTokens(
                new EntraCredential() {
                    @Override
                    public EntraToken fetch() {
                        int call = credentialCalls.getAndIncrement();
                        if (call >= values.length) {
                            throw new EntraTokenException("identity endpoint down");
                        }
                        return new EntraToken(values[call], Instant.now().plus(Duration.ofHours(1)));
                    }

                    @Override
                    public String describe() {
                        return "a test credential";
                    }
                },
                Clock.systemUTC());
    }

    @Test
    void sendsTheCachedBearerOnEveryRequestAskingTheCredentialOnce() throws IOException {
        // given
        ConnectionString connection = serve(request -> 202);

        // when
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .entraTokens(tokens("entra-1"))
                .build()) {
            client.checkAuthorization();
            for (int i = 0; i < 20; i++) {
                assertThat(client.sendToUser("offers", "u" + i, "{\"target\":\"t\",\"arguments\":[]}")
                                .kind())
                        .isEqualTo(SendOutcome.Kind.DELIVERED);
            }
            assertThat(client.usesEntra()).isTrue();
        }

        // then
        assertThat(bearers).hasSize(20).allMatch("Bearer entra-1"::equals);
        assertThat(credentialCalls).hasValue(1);
    }

    @Test
    void a401RenewsTheTokenAndRepeatsTheRequestOnce() throws IOException {
        // given
        ConnectionString connection = serve(request -> request == 1 ? 401 : 202);

        // when
        SendOutcome outcome;
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .entraTokens(tokens("old", "new"))
                .build()) {
            outcome = client.send(client.prepareSendToUser("offers", "u1", "{\"target\":\"t\",\"arguments\":[]}"));
        }

        // then
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(bearers).containsExactly("Bearer old", "Bearer new");
    }

    @Test
    void a401AfterTheRenewalCountsAsA401() throws IOException {
        // given
        ConnectionString connection = serve(request -> 401);

        // when
        SendOutcome outcome;
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .entraTokens(tokens("old", "new"))
                .build()) {
            outcome = client.sendToUser("offers", "u1", "{\"target\":\"t\",\"arguments\":[]}");
            client.sendToUser("offers", "u2", "{\"target\":\"t\",\"arguments\":[]}");
        }

        // then: one renewal and one retry for the first send; the second is not retried (a renewal was just made)
        assertThat(outcome.status()).isEqualTo(401);
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.PERMANENT);
        assertThat(bearers).containsExactly("Bearer old", "Bearer new", "Bearer new");
        assertThat(credentialCalls).hasValue(2);
    }

    @Test
    void withNoTokenTheSendIsRetryableAndNothingIsSent() throws IOException {
        // given
        ConnectionString connection = serve(request -> 202);

        // when
        SendOutcome outcome;
        try (SignalRRestClient client =
                SignalRRestClient.builder(connection).entraTokens(tokens()).build()) {
            assertThatThrownBy(client::checkAuthorization)
                    .isInstanceOf(EntraTokenException.class)
                    .hasMessageContaining("identity endpoint down");
            outcome = client.sendToUser("offers", "u1", "{\"target\":\"t\",\"arguments\":[]}");
        }

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
        assertThat(outcome.status()).isZero();
        assertThat(outcome.reason()).contains("no Entra ID token");
        assertThat(bearers).isEmpty();
    }

    @Test
    void anAccessKeyClientNeverRetriesA401() throws IOException {
        // given
        serve(request -> 401);
        ConnectionString connection = ConnectionString.parse(
                "Endpoint=http://127.0.0.1:" + server.getAddress().getPort() + ";AccessKey=k;Version=1.0;");

        // when
        try (SignalRRestClient client = SignalRRestClient.builder(connection).build()) {
            client.checkAuthorization();
            assertThat(client.sendToUser("offers", "u1", "{}").status()).isEqualTo(401);
            assertThat(client.usesEntra()).isFalse();
        }

        // then
        assertThat(bearers).hasSize(1);
    }
}
