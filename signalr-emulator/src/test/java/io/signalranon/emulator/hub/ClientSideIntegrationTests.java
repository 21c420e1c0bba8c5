package io.signalranon.emulator.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.signalranon.client.AccessTokens;
import io.signalranon.client.ApiVersion;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.emulator.testclient.HubClientException;
import io.signalranon.emulator.testclient.Invocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client side over real HTTP and WebSockets: negotiate, connect, handshake, delivery, pings, refusals. */
class ClientSideIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String OFFER = "{\"target\":\"offers\",\"arguments\":[{\"messageId\":\"m-1\",\"offers\":[]}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private SignalREmulator emulator;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private SignalREmulator start(SignalREmulator.Builder builder) {
        emulator = builder.port(0).build().start();
        return emulator;
    }

    private AccessTokens tokens() {
        return new AccessTokens(ConnectionString.parse(emulator.connectionString()));
    }

    private HubClient connect(String hub, String user) throws Exception {
        NegotiateResponse negotiate = tokens().forClient(hub, user, Duration.ofMinutes(5));
        return track(HubClient.builder().connect(negotiate.url(), negotiate.accessToken()));
    }

    private HubClient track(HubClient client) {
        open.add(client);
        return client;
    }

    private SignalRRestClient rest(ApiVersion version) {
        SignalRRestClient client = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .apiVersion(version)
                .build();
        open.add(client);
        return client;
    }

    @Test
    void everyConnectionOfTheUserReceivesASendToItAndOtherUsersNothing() throws Exception {
        // given
        start(SignalREmulator.builder());
        HubClient firstTab = connect("offers", "visitor 1/é");
        HubClient secondTab = connect("Offers", "visitor 1/é");
        HubClient otherVisitor = connect("offers", "visitor 2");
        HubClient otherHub = connect("news", "visitor 1/é");

        // when
        SendOutcome v1 = rest(ApiVersion.V1).sendToUser("offers", "visitor 1/é", OFFER);
        SendOutcome v2022 = rest(ApiVersion.V2022_06_01).sendToUser("OFFERS", "visitor 1/é", OFFER);

        // then
        assertThat(v1.status()).isEqualTo(202);
        assertThat(v2022.status()).isEqualTo(202);
        Invocation expected = new Invocation("offers", "[{\"messageId\":\"m-1\",\"offers\":[]}]");
        for (HubClient tab : List.of(firstTab, secondTab)) {
            assertThat(tab.nextInvocation(WAIT)).isEqualTo(expected);
            assertThat(tab.nextInvocation(WAIT)).isEqualTo(expected);
        }
        assertThat(otherVisitor.invocationsWithin(Duration.ofMillis(300))).isEmpty();
        assertThat(otherHub.invocationsWithin(Duration.ofMillis(100))).isEmpty();
        assertThat(emulator.acceptedForUser("offers", "visitor 1/é")).hasSize(2);
    }

    @Test
    void aSendToAUserWithNoConnectionIsStillAccepted() throws Exception {
        // given
        start(SignalREmulator.builder());

        // when
        SendOutcome outcome = rest(ApiVersion.V1).sendToUser("offers", "nobody", OFFER);

        // then
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(emulator.acceptedForUser("offers", "nobody")).hasSize(1);
    }

    @Test
    void aBroadcastReachesEveryConnectionOfTheHubOnly() throws Exception {
        // given
        start(SignalREmulator.builder());
        HubClient a = connect("offers", "a");
        HubClient b = connect("offers", "b");
        HubClient news = connect("news", "a");

        // when
        SendOutcome v1 = rest(ApiVersion.V1).broadcast("offers", "{\"Target\":\"Offers\",\"Arguments\":[1]}");
        SendOutcome v2022 =
                rest(ApiVersion.V2022_06_01).broadcast("offers", "{\"target\":\"offers\",\"arguments\":[2]}");

        // then
        assertThat(List.of(v1.status(), v2022.status())).containsOnly(202);
        for (HubClient client : List.of(a, b)) {
            assertThat(client.nextInvocation(WAIT)).isEqualTo(new Invocation("Offers", "[1]"));
            assertThat(client.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[2]"));
        }
        assertThat(news.invocationsWithin(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void userExistsIs200WhileTheUserHasAConnectionAnd404AfterIt() throws Exception {
        // given
        start(SignalREmulator.builder());
        HubClient client = connect("offers", "u1");

        // when
        List<Integer> connected = userExists("u1");
        List<Integer> stranger = userExists("u2");
        client.close();
        awaitUntil(() -> !emulator.isConnected("offers", "u1"));
        List<Integer> gone = userExists("u1");

        // then
        assertThat(connected).containsExactly(200, 200, 200, 200);
        assertThat(stranger).containsExactly(404, 404, 404, 404);
        assertThat(gone).containsExactly(404, 404, 404, 404);
    }

    /** GET and HEAD on v1 and 2022-06-01. */
    private List<Integer> userExists(String user) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of(
                "/api/v1/hubs/Offers/users/" + user, "/api/hubs/offers/users/" + user + "?api-version=2022-06-01")) {
            for (String method : List.of("GET", "HEAD")) {
                URI url = URI.create("http://localhost:" + emulator.port() + path);
                statuses.add(http.send(
                                HttpRequest.newBuilder(url)
                                        .header("Authorization", "Bearer " + tokens().forRequest(url))
                                        .method(method, HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
            }
        }
        return statuses;
    }

    @Test
    void pingsArriveEveryPingInterval() throws Exception {
        // given
        start(SignalREmulator.builder().pingInterval(Duration.ofMillis(100)));
        HubClient client = connect("offers", "u1");

        // when
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(client.nextRecord(Duration.ofSeconds(2)));
        }

        // then
        assertThat(records).containsOnly("{\"type\":6}");
    }

    @Test
    void shutdownSendsTheCloseRecord() throws Exception {
        // given
        start(SignalREmulator.builder());
        HubClient client = connect("offers", "u1");

        // when
        emulator.close();

        // then
        assertThat(client.nextRecord(WAIT)).isEqualTo("{\"type\":7}");
        assertThat(client.nextRecord(WAIT)).startsWith("CLOSE");
        emulator = null;
    }

    @Test
    void clientTokensInTheFormsOfTheSdksAreAcceptedAtNegotiateAndConnect() throws Exception {
        // given
        start(SignalREmulator.builder());
        String dotNet = signed(
                "http://localhost/client/?hub=offers",
                "dotnet-user",
                Instant.now().plusSeconds(60));
        String hubInCapitals = signed(
                "http://LOCALHOST:" + emulator.port() + "/client/?hub=OFFERS",
                "java-user",
                Instant.now().plusSeconds(60));
        String clientUrl = "http://localhost:" + emulator.port() + "/client/?hub=offers";

        // when
        HubClient functions = track(HubClient.builder().connect(clientUrl, dotNet));
        HubClient browser = track(HubClient.builder().tokenInQuery(true).connect(clientUrl, hubInCapitals));

        // then
        assertThat(functions.isOpen()).isTrue();
        assertThat(browser.isOpen()).isTrue();
        assertThat(emulator.isConnected("offers", "dotnet-user")).isTrue();
        assertThat(emulator.isConnected("offers", "java-user")).isTrue();
    }

    @Test
    void badExpiredAndOtherHubTokensAreRefusedAtNegotiate() throws Exception {
        // given
        start(SignalREmulator.builder());
        String clientUrl = "http://localhost:" + emulator.port() + "/client/?hub=offers";
        Instant later = Instant.now().plusSeconds(60);

        // when / then
        assertRefused(clientUrl, "not-a-jwt", 401, "not a JWT");
        assertRefused(clientUrl, signed(clientUrl, "u", Instant.now().minusSeconds(60)), 401, "expired");
        assertRefused(clientUrl, signed(clientUrl.replace("offers", "news"), "u", later), 401, "audience");
        assertRefused(clientUrl, signed("http://example.com/client/?hub=offers", "u", later), 401, "audience");
        assertRefused(clientUrl, signed(clientUrl.replace("/client/", "/client"), "u", later), 401, "audience");
        assertRefused(
                clientUrl,
                JWT.create().withAudience(clientUrl).withExpiresAt(later).sign(Algorithm.HMAC256("other key")),
                401,
                "signature");
        assertThat(emulator.openConnectionCount()).isZero();
    }

    private static void assertRefused(String clientUrl, String token, int status, String reason) {
        assertThatThrownBy(() -> HubClient.builder().connect(clientUrl, token))
                .isInstanceOfSatisfying(
                        HubClientException.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining("service negotiate")
                .hasMessageContaining(reason);
    }

    @Test
    void relaxedAcceptsExpiredAndOtherAudienceTokensButNotBadSignatures() throws Exception {
        // given
        start(SignalREmulator.builder().strict(false));
        String clientUrl = "http://localhost:" + emulator.port() + "/client/?hub=offers";

        // when
        HubClient expired = track(HubClient.builder()
                .connect(clientUrl, signed("http://x/", "u", Instant.now().minusSeconds(600))));

        // then
        assertThat(expired.isOpen()).isTrue();
        assertRefused(
                clientUrl, JWT.create().withAudience(clientUrl).sign(Algorithm.HMAC256("other key")), 401, "signature");
    }

    @Test
    void negotiateWantsExactlyOneValidHub() throws Exception {
        // given
        start(SignalREmulator.builder());
        String token = tokens().forClient("offers", "u", Duration.ofMinutes(1)).accessToken();

        // when
        List<Integer> statuses = new ArrayList<>();
        for (String query : List.of("", "?hub=offers&hub=offers", "?hub=9offers", "?hub=offers")) {
            statuses.add(post("/client/negotiate" + query, token).statusCode());
        }

        // then
        assertThat(statuses).containsExactly(400, 400, 400, 200);
    }

    @Test
    void negotiateAnswersVersionOneWithWebSocketsOnlyAndCorsForAnyOrigin() throws Exception {
        // given
        start(SignalREmulator.builder());
        String token = tokens().forClient("offers", "u", Duration.ofMinutes(1)).accessToken();
        URI url = URI.create("http://localhost:" + emulator.port() + "/client/negotiate?hub=offers&negotiateVersion=1");

        // when
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(url)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://shop.example")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,x-requested-with,x-signalr-user-agent")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> negotiate = http.send(
                HttpRequest.newBuilder(url)
                        .header("Origin", "http://shop.example")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://shop.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
                .contains("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .contains("authorization,x-requested-with,x-signalr-user-agent");
        assertThat(negotiate.statusCode()).isEqualTo(200);
        assertThat(negotiate.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://shop.example");
        assertThat(negotiate.body())
                .startsWith("{\"negotiateVersion\":1,\"connectionId\":\"")
                .contains("\"connectionToken\":\"")
                .endsWith(
                        "\"availableTransports\":[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]}]}");
    }

    @Test
    void connectIs404ForAnUnknownOrStaleId409ForASecondSocketAnd401WithoutToken() throws Exception {
        // given
        MutableClock clock = new MutableClock();
        start(SignalREmulator.builder().clock(clock));
        String token = tokens().forClient("offers", "u", Duration.ofMinutes(10)).accessToken();
        String first = connectionToken(token);
        String stale = connectionToken(token);
        String noToken = connectionToken(token);

        // when
        int unknown = upgrade("unknown-id", token);
        int opened = upgrade(first, token);
        int second = upgrade(first, token);
        int missing = upgrade(noToken, null);
        clock.advance(Duration.ofSeconds(6));
        int late = upgrade(stale, token);

        // then
        assertThat(unknown).isEqualTo(404);
        assertThat(opened).isEqualTo(101);
        assertThat(second).isEqualTo(409);
        assertThat(missing).isEqualTo(401);
        assertThat(late).isEqualTo(404);
    }

    @Test
    void aHandshakeWithAnotherProtocolGetsAnErrorAndAClose() throws Exception {
        // given
        start(SignalREmulator.builder());
        String token = tokens().forClient("offers", "u", Duration.ofMinutes(1)).accessToken();
        RecordingListener listener = new RecordingListener();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(socketUrl(connectionToken(token)), listener)
                .join();

        // when
        socket.sendText("{\"protocol\":\"messagepack\",\"version\":1}\u001e", true)
                .join();

        // then
        assertThat(listener.next()).isEqualTo("{\"error\":\"The protocol 'messagepack' is not supported.\"}\u001e");
        assertThat(listener.next()).startsWith("CLOSE");
        assertThat(emulator.openConnectionCount()).isZero();
    }

    @Test
    void theFaultPlanLeavesClientTrafficAlone() throws Exception {
        // given
        start(SignalREmulator.builder()
                .faultPlan(FaultPlan.builder().unavailable(1.0).build()));

        // when
        HubClient client = connect("offers", "u1");
        int rest = rest(ApiVersion.V1).sendToUser("offers", "u1", OFFER).status();

        // then
        assertThat(client.isOpen()).isTrue();
        assertThat(rest).isEqualTo(503);
        assertThat(client.invocationsWithin(Duration.ofMillis(200))).isEmpty();
    }

    private String connectionToken(String token) throws Exception {
        String body =
                post("/client/negotiate?hub=offers&negotiateVersion=1", token).body();
        int start = body.indexOf("\"connectionToken\":\"") + "\"connectionToken\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpResponse<String> post(String pathAndQuery, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + emulator.port() + pathAndQuery))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI socketUrl(String id) {
        return URI.create("ws://localhost:" + emulator.port() + "/client/?hub=offers&id=" + id);
    }

    /** The status of an upgrade: 101 when the socket opened. */
    private int upgrade(String id, String token) {
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            WebSocket socket =
                    builder.buildAsync(socketUrl(id), new RecordingListener()).join();
            open.add(socket::abort);
            return 101;
        } catch (CompletionException e) {
            return ((java.net.http.WebSocketHandshakeException) e.getCause())
                    .getResponse()
                    .statusCode();
        }
    }

    private static String signed(String audience, String user, Instant expiresAt) {
        return JWT.create()
                .withAudience(audience)
                .withClaim("nameid", user)
                .withClaim("asrs.s.uid", user)
                .withExpiresAt(expiresAt)
                .sign(Algorithm.HMAC256(SignalREmulator.DEFAULT_ACCESS_KEY.getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class RecordingListener implements WebSocket.Listener {

        private final java.util.concurrent.BlockingQueue<String> messages =
                new java.util.concurrent.LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            return messages.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            messages.add("CLOSE " + code);
            return null;
        }
    }
}
