package io.signalranon.emulator.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.emulator.testclient.Invocation;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every check of the anonymous negotiate endpoint, over real HTTP on the emulator. */
class AnonymousNegotiateIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SHOP = "https://shop.example";
    private static final VisitorKeys KEYS = VisitorKeys.parse(
            "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=");
    private static final String VICTIM = "web-14575006";

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
        if (emulator != null) {
            emulator.close();
        }
    }

    /** A negotiate.json as {@code mvn signalr-anon:token} writes it, with these members changed. */
    private void startWith(String members) throws Exception {
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, """
                {
                  "hub": "Offers",
                  "url": "http://localhost:8888/client/?hub=offers",
                  "userIdClaims": ["nameid", "asrs.s.uid"],
                  "tokenLifetime": "PT15M",
                  "tokenLifetimeSeconds": 900,
                  "connectionStringSetting": "AzureSignalRConnectionString",
                  %s
                }
                """.formatted(members));
        emulator = SignalREmulator.builder()
                .port(0)
                .negotiate(NegotiateSettings.read(file))
                .visitorKeys(KEYS)
                .build()
                .start();
    }

    private void startSigned() throws Exception {
        startWith("""
                "userId": {"source": "signed-cookie", "name": "sa_vid"},
                "allowedOrigins": ["https://shop.example"],
                "route": "negotiate"
                """);
    }

    private static String signed(String id, Instant expiry) {
        return new VisitorCookies(KEYS).sign(id, expiry);
    }

    private HubClient track(HubClient client) {
        open.add(client);
        return client;
    }

    private void send(String user, String text) {
        try (SignalRRestClient rest = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .build()) {
            assertThat(rest.sendToUser("offers", user, "{\"target\":\"offers\",\"arguments\":[\"" + text + "\"]}")
                            .status())
                    .isEqualTo(202);
        }
    }

    @Test
    void onlyTheSignedCookieReceivesTheVisitorsOfferNotClaimsByQueryHeaderOrPlainCookie() throws Exception {
        // given
        startSigned();
        URI base = URI.create(emulator.negotiateUrl());
        HubClient owner = track(HubClient.builder()
                .negotiateHeader(
                        "Cookie", "sa_vid=" + signed(VICTIM, Instant.now().plusSeconds(3600)))
                .connect(base));
        HubClient byQuery = track(HubClient.builder().connect(URI.create(base + "?userid=" + VICTIM)));
        HubClient byHeader = track(HubClient.builder()
                .negotiateHeader("x-ms-signalr-userid", VICTIM)
                .connect(base));
        HubClient byPlainCookie = track(HubClient.builder()
                .negotiateHeader("Cookie", "sa_vid=" + VICTIM + "; visitor-id=" + VICTIM)
                .connect(base));

        // when
        send(VICTIM, "CART10");

        // then
        assertThat(owner.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"CART10\"]"));
        for (HubClient claimer : List.of(byQuery, byHeader, byPlainCookie)) {
            assertThat(claimer.isOpen()).isTrue();
            assertThat(claimer.invocationsWithin(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aValidCookieGetsATokenForItsIdWithTheConfiguredLifetimeAndNoStore() throws Exception {
        // given
        startSigned();

        // when
        HttpResponse<String> response =
                post(Map.of("Cookie", "sa_vid=" + signed(VICTIM, Instant.now().plus(Duration.ofDays(300)))));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        JsonNode body = JsonMapper.shared().readTree(response.body());
        assertThat(body.get("visitorId").asString()).isEqualTo(VICTIM);
        assertThat(body.get("url").asString()).isEqualTo(emulator.clientUrl("offers"));
        DecodedJWT token = JWT.decode(body.get("accessToken").asString());
        assertThat(token.getAudience()).containsExactly(emulator.clientUrl("offers"));
        assertThat(token.getClaim("asrs.s.uid").asString()).isEqualTo(VICTIM);
        assertThat(token.getClaim("nameid").asString()).isEqualTo(VICTIM);
        assertThat(Duration.between(token.getIssuedAtAsInstant(), token.getExpiresAtAsInstant()))
                .isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void noBadUnknownOrExpiredCookiesMakeANewVisitorWithASecureHttpOnlyCookie() throws Exception {
        // given
        startSigned();
        String good = signed(VICTIM, Instant.now().plusSeconds(3600));
        String badMac = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        String unknownKid = new VisitorCookies(VisitorKeys.parse("k9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
                .sign(VICTIM, Instant.now().plusSeconds(3600));
        String expired = signed(VICTIM, Instant.now().minusSeconds(1));

        for (String cookie : new String[] {null, badMac, unknownKid, expired}) {
            // when
            HttpResponse<String> response = post(cookie == null ? Map.of() : Map.of("Cookie", "sa_vid=" + cookie));

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            String visitorId = JsonMapper.shared()
                    .readTree(response.body())
                    .get("visitorId")
                    .asString();
            assertThat(visitorId).as(String.valueOf(cookie)).matches("v-[A-Za-z0-9_-]{22}");
            String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie)
                    .startsWith("sa_vid=v1.")
                    .endsWith("; Max-Age=31536000; Path=/; Secure; HttpOnly; SameSite=Lax");
            HttpResponse<String> back = post(Map.of("Cookie", setCookie.substring(0, setCookie.indexOf(';'))));
            assertThat(JsonMapper.shared()
                            .readTree(back.body())
                            .get("visitorId")
                            .asString())
                    .isEqualTo(visitorId);
        }
    }

    @Test
    void anAllowedOriginIsEchoedAndOthersOrNullAre403WithNoToken() throws Exception {
        // given
        startSigned();

        // when
        HttpResponse<String> shop = post(Map.of("Origin", SHOP));
        HttpResponse<String> evil = post(Map.of("Origin", "https://evil.example"));
        HttpResponse<String> nullOrigin = post(Map.of("Origin", "null"));
        HttpResponse<String> preflight = options(Map.of(
                "Origin", SHOP,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent,x-anything"));
        HttpResponse<String> evilPreflight = options(Map.of("Origin", "https://evil.example"));

        // then
        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(shop.headers().firstValue("Access-Control-Allow-Credentials"))
                .contains("true");
        assertThat(shop.headers().allValues("Vary")).contains("Origin");
        for (HttpResponse<String> refused : List.of(evil, nullOrigin, evilPreflight)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(refused.body()).doesNotContain("accessToken");
        }
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .contains("Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .contains("POST, OPTIONS");
    }

    @Test
    void overTheRateLimitIs429WithRetryAfter() throws Exception {
        // given
        startWith("""
                "userId": {"source": "signed-cookie", "name": "sa_vid"},
                "rateLimit": {"perSecond": 0.2, "burst": 3},
                "route": "negotiate"
                """);

        // when
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = post(Map.of());
            statuses.add(last.statusCode());
        }

        // then
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(last.headers().firstValue("Retry-After")).contains("5");
        assertThat(last.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void tokensOfMoreThanADayAreRefusedAtStart() throws Exception {
        // given
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, "{\"hub\": \"offers\", \"tokenLifetimeSeconds\": 2592000}");

        // when / then
        assertThatThrownBy(() -> NegotiateSettings.read(file))
                .hasMessageContaining("negotiate.json is not a valid negotiate.json")
                .hasMessageContaining("from 1 to 86400 (24 hours)")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExplicitQuerySourceStillWorksAndIsWarnedAbout() throws Exception {
        // given
        startWith("""
                "userId": {"source": "query", "name": "userid"},
                "route": "offers/negotiate"
                """);

        // when
        HubClient visitor = track(HubClient.builder().connect(URI.create(emulator.negotiateUrl() + "?userid=ecid-42")));
        send("ecid-42", "hi");
        HttpResponse<String> lookalike = http.send(
                HttpRequest.newBuilder(URI.create(emulator.negotiateUrl() + "/negotiate?userid=web-1457%E2%80%8B5006"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(emulator.negotiateUrl()).endsWith("/api/offers");
        assertThat(visitor.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hi\"]"));
        assertThat(emulator.negotiateWarnings())
                .anySatisfy(w -> assertThat(w).contains("any caller can claim any visitor id"));
        assertThat(lookalike.statusCode()).isEqualTo(400);
        assertThat(lookalike.body()).contains("U+200B");
    }

    @Test
    void theDemoSignsNewVisitorsAndOffersADevelopmentOnlyWayToChooseOne() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).demo(true).build().start();

        // when
        HttpResponse<String> page = get("/");
        HttpResponse<String> client = get("/signalr.min.js");
        HttpResponse<String> chosen = get("/demo/visitor?id=" + VICTIM);
        HttpResponse<String> lookalike = get("/demo/visitor?id=web-1457%E2%80%8B5006");
        String cookie = chosen.headers().firstValue("Set-Cookie").orElseThrow();
        HubClient visitor = track(HubClient.builder()
                .negotiateHeader("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .negotiateHeader("Origin", "http://localhost:" + emulator.port())
                .connect(URI.create(emulator.negotiateUrl())));
        send(VICTIM, "hello");

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("{\"base\":\"/api\",\"hub\":\"offers\",\"cookie\":\"sa_vid\",\"signed\":true}")
                .contains("<script src=\"signalr.min.js\"></script>");
        assertThat(client.body()).startsWith("/*! @microsoft/signalr").contains("HubConnectionBuilder");
        assertThat(chosen.statusCode()).isEqualTo(303);
        assertThat(chosen.headers().firstValue("Location")).contains("/");
        assertThat(cookie).startsWith("sa_vid=v1.d2ViLTE0NTc1MDA2.").contains("; HttpOnly");
        assertThat(lookalike.statusCode()).isEqualTo(400);
        assertThat(lookalike.body()).contains("U+200B");
        assertThat(visitor.nextInvocation(WAIT)).isEqualTo(new Invocation("offers", "[\"hello\"]"));
        assertThat(emulator.negotiateWarnings()).singleElement().asString().contains("random development key");
    }

    @Test
    void withoutDemoThereIsNoWayToChooseAVisitorAndWithoutNegotiateNoEndpoint() throws Exception {
        // given
        startSigned();
        HttpResponse<String> choose = get("/demo/visitor?id=" + VICTIM);
        emulator.close();
        emulator = SignalREmulator.builder().port(0).build().start();

        // when
        HttpResponse<String> negotiate = post(Map.of());
        HttpResponse<String> page = get("/");

        // then
        assertThat(choose.statusCode()).isEqualTo(404);
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

    private HttpResponse<String> post(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + emulator.port() + "/api/negotiate?negotiateVersion=1"))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> options(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + emulator.port() + "/api/negotiate"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
