package io.signalranon.negotiate.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.ContractRequest;
import io.signalranon.negotiate.contract.ContractResponse;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The graceful stop that SIGTERM starts: a negotiate in flight is answered, nothing new is taken, and
 * a negotiate that outlasts the stop timeout does not hold the stop.
 */
class NegotiateServerTests {

    private final ClientTokenIssuer signing =
            ClientTokenIssuers.forConnectionString(ConnectionString.parse(NegotiateContract.CONNECTION_STRING));
    private final CountDownLatch issuing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** Signs tokens once released: the first negotiate stays in flight until then. */
    private final ClientTokenIssuer slow = (hub, user, lifetime) -> {
        issuing.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return signing.issue(hub, user, lifetime);
    };

    @AfterEach
    void releaseAndStop() {
        release.countDown();
        pool.shutdownNow();
    }

    private NegotiateServer start(Duration stopTimeout) {
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(NegotiateSettings.parse("{\"hub\": \"offers\"}"), slow)
                .visitorKeys(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                .build();
        return NegotiateServer.start(endpoint, "127.0.0.1", 0, false, stopTimeout);
    }

    @Test
    void aNegotiateInFlightAtStopIsAnsweredAndTheStopWaitsForIt() throws Exception {
        // given
        NegotiateServer server = start(Duration.ofSeconds(20));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        HttpNegotiateTarget target = new HttpNegotiateTarget(base.resolve("/api/negotiate"), () -> {});
        Future<ContractResponse> inFlight = pool.submit(() -> target.send(ContractRequest.post()));
        assertThat(issuing.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        Future<?> stop = pool.submit(server::close);
        boolean refusedWhileStopping = awaitRefused(base.resolve("/health"));
        boolean stoppedBeforeTheAnswer = stop.isDone();
        release.countDown();
        ContractResponse answer = inFlight.get(10, TimeUnit.SECONDS);
        stop.get(10, TimeUnit.SECONDS);

        // then
        assertThat(refusedWhileStopping)
                .as("new requests are refused once the stop began")
                .isTrue();
        assertThat(stoppedBeforeTheAnswer)
                .as("the stop waits for the negotiate in flight")
                .isFalse();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accessToken\"");
        assertThat(answer.header("Set-Cookie")).isPresent();
        assertThat(server.negotiateCount()).isEqualTo(1);
    }

    @Test
    void aNegotiateThatOutlastsTheStopTimeoutDoesNotHoldTheStop() throws Exception {
        // given
        NegotiateServer server = start(Duration.ofMillis(500));
        HttpNegotiateTarget target =
                new HttpNegotiateTarget(URI.create("http://127.0.0.1:" + server.port() + "/api/negotiate"), () -> {});
        pool.submit(() -> target.send(ContractRequest.post()));
        assertThat(issuing.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        long started = System.nanoTime();
        server.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(10));
    }

    /** Whether a new request is refused (503, or no connection) within 10 seconds. */
    private static boolean awaitRefused(URI health) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                HttpClient fresh = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                HttpResponse<Void> response = fresh.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 503) {
                    return true;
                }
            } catch (IOException refused) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
