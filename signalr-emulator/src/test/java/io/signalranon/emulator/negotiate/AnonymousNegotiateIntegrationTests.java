package io.signalranon.emulator.negotiate;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.emulator.testclient.Invocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The anonymous negotiate endpoint from the plugin's negotiate.json, and the demo default, over real HTTP. */
class AnonymousNegotiateIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private SignalREmulator emulator;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        emulator.close();
    }

    /** A negotiate.json exactly as {@code mvn signalr-anon:token} writes it. */
    private SignalREmulator startWith(String source, String name, String route, long lifetimeSeconds) throws Exception {
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, """
                {
                  "hub": "Offers",
                  "url": "http://localhost:8888/client/?hub=offers",
                  "userId": {
                    "source": "%s",
                    "name": "%s"
                  },
                  "userIdClaims": [
                    "nameid",
                    "asrs.s.uid"
                  ],
                  "tokenLifetime": "PT15M",
                  "tokenLifetimeSeconds": %d,
                  "route": "%s",
                  "connectionStringSetting": "AzureSignalRConnectionString"
                }
                """.formatted(source, name, lifetimeSeconds, route));
        emulator = SignalREmulator.builder()
                .port(0)
                .negotiate(NegotiateConfig.read(file))
                .build()
                .start();
        return emulator;
    }

    private HubClient track(HubClient client) {
        open.add(client);
        return client;
    }

    private void send(String user) {
        try (SignalRRestClient rest = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .build()) {
            assertThat(rest.sendToUser("offers", user, "{\"target\":\"offers\",\"arguments\":[\"hi\"]}")
                            .status())
                    .isEqualTo(202);
        }
    }

    @Test
    void aVisitorIdFromTheHeaderReachesTheToken() throws Exception {
        // given
        startWith("header", "x-ms-signalr-userid", "negotiate", 900);

        // when
        HubClient visitor = track(HubClient.builder()
                .negotiateHeader("x-ms-signalr-userid", "ecid 42/x")
                .connect(URI.create(emulator.negotiateUrl())));
        send("ecid 42/x");

        // then
        assertThat(visitor.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hi\"]"));
    }

    @Test
    void aVisitorIdFromTheQueryIsFormDecodedAsTheJsClientEncodesIt() throws Exception {
        // given
        startWith("query", "userid", "offers/negotiate", 900);

        // when
        HubClient visitor =
                track(HubClient.builder().connect(URI.create(emulator.negotiateUrl() + "?userid=anon+7%2Fx")));
        send("anon 7/x");

        // then
        assertThat(emulator.negotiateUrl()).endsWith("/api/offers");
        assertThat(visitor.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hi\"]"));
    }

    @Test
    void aVisitorIdFromTheCookie() throws Exception {
        // given
        startWith("cookie", "visitor", "negotiate", 900);

        // when
        HubClient visitor = track(HubClient.builder()
                .negotiateHeader("Cookie", "other=1; visitor=v-cookie")
                .connect(URI.create(emulator.negotiateUrl())));
        send("v-cookie");

        // then
        assertThat(visitor.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hi\"]"));
    }

    @Test
    void theTokenIsTheOneTheFunctionsBindingIssues() throws Exception {
        // given
        startWith("query", "userid", "negotiate", 900);

        // when
        HttpResponse<String> response = post("/api/negotiate?userid=u1&negotiateVersion=1", null);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.shared().readTree(response.body());
        assertThat(body.get("url").asString()).isEqualTo(emulator.clientUrl("offers"));
        DecodedJWT token = JWT.decode(body.get("accessToken").asString());
        assertThat(token.getAudience()).containsExactly(emulator.clientUrl("offers"));
        assertThat(token.getClaim("nameid").asString()).isEqualTo("u1");
        assertThat(token.getClaim("asrs.s.uid").asString()).isEqualTo("u1");
        assertThat(Duration.between(token.getIssuedAtAsInstant(), token.getExpiresAtAsInstant()))
                .isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void aMissingBlankOrInvalidIdIs400NamingTheSource() throws Exception {
        // given
        startWith("header", "x-visitor", "negotiate", 900);

        // when
        HttpResponse<String> missing = post("/api/negotiate", null);
        HttpResponse<String> blank = post("/api/negotiate", "  ");
        HttpResponse<String> tooLong = post("/api/negotiate", "x".repeat(513));
        HttpResponse<String> control = post("/api/negotiate", "a\tb");

        // then
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("missing").contains("header x-visitor");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 512");
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.body()).contains("control character");
    }

    @Test
    void preflightsAndOriginsAreAllowedWithCredentials() throws Exception {
        // given
        startWith("query", "userid", "negotiate", 900);
        URI url = URI.create("http://localhost:" + emulator.port() + "/api/negotiate?userid=u1");

        // when
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(url)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,x-requested-with")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> negotiate = http.send(
                HttpRequest.newBuilder(url)
                        .header("Origin", "http://localhost:3000")
                        .header("Authorization", "Bearer an-old-service-token")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:3000");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
                .contains("true");
        assertThat(negotiate.statusCode()).isEqualTo(200);
        assertThat(negotiate.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:3000");
    }

    @Test
    void theDemoServesThePageTheBrowserClientAndADefaultNegotiate() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).demo(true).build().start();

        // when
        HttpResponse<String> page = get("/");
        HttpResponse<String> client = get("/signalr.min.js");
        HubClient byQuery = track(HubClient.builder().connect(URI.create(emulator.negotiateUrl() + "?userid=q")));
        HubClient byHeader = track(
                HubClient.builder().negotiateHeader("x-visitor-id", "h").connect(URI.create(emulator.negotiateUrl())));
        HubClient byCookie = track(HubClient.builder()
                .negotiateHeader("Cookie", "visitor-id=c")
                .connect(URI.create(emulator.negotiateUrl())));
        send("h");

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("{\"base\":\"/api\",\"hub\":\"offers\",\"source\":\"query\",\"name\":\"userid\"}")
                .contains("<script src=\"signalr.min.js\"></script>");
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.body()).startsWith("/*! @microsoft/signalr").contains("HubConnectionBuilder");
        assertThat(byHeader.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hi\"]"));
        assertThat(byQuery.invocationsWithin(Duration.ofMillis(200))).isEmpty();
        assertThat(byCookie.isOpen()).isTrue();
        assertThat(emulator.isConnected("offers", "q")).isTrue();
        assertThat(emulator.isConnected("offers", "c")).isTrue();
    }

    @Test
    void withoutDemoOrNegotiateThereIsNoNegotiateEndpoint() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();

        // when
        HttpResponse<String> negotiate = post("/api/negotiate?userid=u1", null);
        HttpResponse<String> page = get("/");

        // then
        assertThat(emulator.negotiateUrl()).isNull();
        assertThat(negotiate.statusCode()).isEqualTo(404);
        assertThat(page.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + emulator.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, String visitorHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + emulator.port() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (visitorHeader != null) {
            request.header("x-visitor", visitorHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
