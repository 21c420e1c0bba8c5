package io.signalranon.negotiate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every delivery form of negotiate does, exactly as the emulator's endpoint: a form's test
 * extends this class and starts the form with a {@code negotiate.json}, visitor keys and
 * {@link #CONNECTION_STRING}. Each configuration is started once per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NegotiateContract {

    /** The access key of {@link #CONNECTION_STRING} (the local emulator's well-known key). */
    public static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    /** The connection string every form signs tokens with. */
    public static final String CONNECTION_STRING =
            "Endpoint=http://localhost;Port=8888;AccessKey=" + ACCESS_KEY + ";Version=1.0;";
    /** The visitor keys of every form: {@code k2} signs, {@code k1} verifies too. */
    public static final String VISITOR_KEYS =
            "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    /** The one allowed origin. */
    public static final String SHOP = "https://shop.example";
    /** The configuration of most checks: signed cookies, one origin, 15-minute tokens, a high rate limit. */
    public static final String NEGOTIATE_JSON = """
            {"hub": "Offers", "route": "negotiate",
             "userId": {"source": "signed-cookie", "name": "sa_vid"},
             "allowedOrigins": ["https://shop.example"],
             "tokenLifetimeSeconds": 900,
             "rateLimit": {"perSecond": 1000, "burst": 1000}}
            """;
    /** The configuration of the rate-limit check: 3 at once, then one every 20 seconds. */
    public static final String RATE_LIMITED_JSON = """
            {"hub": "Offers", "route": "negotiate",
             "userId": {"source": "signed-cookie", "name": "sa_vid"},
             "rateLimit": {"perSecond": 0.05, "burst": 3}}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VICTIM = "web-14575006";
    private static final VisitorKeys KEYS = VisitorKeys.parse(VISITOR_KEYS);
    private static final String NEW_VISITOR = "v-[A-Za-z0-9_-]{22}";
    private static final String COOKIE_ATTRIBUTES = "; Max-Age=31536000; Path=/; Secure; HttpOnly; SameSite=Lax";

    private final Map<String, NegotiateTarget> targets = new LinkedHashMap<>();

    /**
     * Starts the form under test.
     *
     * @param negotiateJson the text of its {@code negotiate.json}
     * @param visitorKeys the value of {@code SIGNALR_ANON_VISITOR_KEYS}
     */
    protected abstract NegotiateTarget start(String negotiateJson, String visitorKeys) throws Exception;

    private NegotiateTarget target(String negotiateJson) throws Exception {
        NegotiateTarget target = targets.get(negotiateJson);
        if (target == null) {
            target = start(negotiateJson, VISITOR_KEYS);
            targets.put(negotiateJson, target);
        }
        return target;
    }

    private ContractResponse send(ContractRequest request) throws Exception {
        return target(NEGOTIATE_JSON).send(request);
    }

    @AfterAll
    void closeTargets() throws Exception {
        for (NegotiateTarget target : targets.values()) {
            target.close();
        }
    }

    @Test
    void aValidCookieGetsAVerifiableTokenForItsIdWithTheConfiguredLifetime() throws Exception {
        // given
        String cookie = signed(VICTIM, Instant.now().plus(Duration.ofDays(300)));

        // when
        ContractResponse response = send(ContractRequest.post().header("Cookie", "other=1; sa_vid=" + cookie));

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headerValues("Set-Cookie")).isEmpty();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("visitorId").asText()).isEqualTo(VICTIM);
        String url = target(NEGOTIATE_JSON).clientUrl();
        assertThat(body.get("url").asText()).isEqualTo(url);
        DecodedJWT token = verified(body.get("accessToken").asText());
        assertThat(token.getAudience()).containsExactly(url);
        assertThat(token.getClaim("asrs.s.uid").asString()).isEqualTo(VICTIM);
        assertThat(token.getClaim("nameid").asString()).isEqualTo(VICTIM);
        assertThat(Duration.between(token.getIssuedAtAsInstant(), token.getExpiresAtAsInstant()))
                .isEqualTo(Duration.ofSeconds(900));
        assertThat(token.getIssuedAtAsInstant())
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    }

    @Test
    void noBadUnknownExpiredOrBadIdCookiesMakeANewVisitorWithASignedHttpOnlyCookie() throws Exception {
        // given
        String good = signed(VICTIM, Instant.now().plusSeconds(3600));
        String badMac = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        String unknownKid = new VisitorCookies(VisitorKeys.parse("k9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
                .sign(VICTIM, Instant.now().plusSeconds(3600));
        String expired = signed(VICTIM, Instant.now().minusSeconds(1));
        Instant later = Instant.now().plusSeconds(3600);
        String badId = mintedWithK2("web-1457\u200b5006", later);
        assertThat(mintedWithK2(VICTIM, later))
                .as("minted by hand as the library signs")
                .isEqualTo(signed(VICTIM, later));
        Set<String> ids = new HashSet<>();

        for (String cookie : new String[] {null, badMac, unknownKid, expired, badId, "garbage"}) {
            // when
            ContractRequest request = ContractRequest.post();
            ContractResponse response = send(cookie == null ? request : request.header("Cookie", "sa_vid=" + cookie));

            // then
            assertThat(response.status()).as(String.valueOf(cookie)).isEqualTo(200);
            assertThat(response.header("Cache-Control")).contains("no-store");
            String visitorId = JSON.readTree(response.body()).get("visitorId").asText();
            assertThat(visitorId).as(String.valueOf(cookie)).matches(NEW_VISITOR);
            assertThat(ids.add(visitorId)).isTrue();
            assertThat(verified(JSON.readTree(response.body())
                                    .get("accessToken")
                                    .asText())
                            .getClaim("asrs.s.uid")
                            .asString())
                    .isEqualTo(visitorId);
            String setCookie = response.header("Set-Cookie").orElseThrow();
            assertThat(setCookie)
                    .startsWith("sa_vid=v1.")
                    .endsWith(COOKIE_ATTRIBUTES)
                    .doesNotContain("Domain");
            ContractResponse back =
                    send(ContractRequest.post().header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))));
            assertThat(JSON.readTree(back.body()).get("visitorId").asText()).isEqualTo(visitorId);
            assertThat(back.headerValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void idsNamedInAHeaderAQueryOrAPlainCookieAreIgnored() throws Exception {
        // given
        List<ContractRequest> claims = List.of(
                ContractRequest.post().query("userid=" + VICTIM + "&sa_vid=" + VICTIM),
                ContractRequest.post().header("x-ms-signalr-userid", VICTIM),
                ContractRequest.post().header("X-SignalR-User-Id", VICTIM),
                ContractRequest.post().header("Cookie", "sa_vid=" + VICTIM + "; visitor-id=" + VICTIM),
                ContractRequest.post().header("Cookie", "AMCV_x=" + VICTIM + "; userid=" + VICTIM));

        for (ContractRequest claim : claims) {
            // when
            ContractResponse response = send(claim);

            // then
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("visitorId").asText()).as(claim.toString()).matches(NEW_VISITOR);
            assertThat(verified(body.get("accessToken").asText())
                            .getClaim("asrs.s.uid")
                            .asString())
                    .isNotEqualTo(VICTIM);
            assertThat(response.header("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).doesNotContain(encodedVictim()));
        }
    }

    @Test
    void onlyAnAllowedOriginIsAnsweredWithCorsAndOthersOrNullAre403WithNoToken() throws Exception {
        // when
        ContractResponse shop = send(ContractRequest.post().header("Origin", SHOP));
        ContractResponse preflight = send(ContractRequest.options()
                .header("Origin", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent,x-anything"));
        List<ContractResponse> refused = new ArrayList<>();
        for (String origin :
                List.of("https://evil.example", "null", "https://shop.example.evil.example", "http://shop.example")) {
            refused.add(send(ContractRequest.post().header("Origin", origin)));
            refused.add(send(ContractRequest.options().header("Origin", origin)));
        }

        // then
        assertThat(shop.status()).isEqualTo(200);
        assertThat(shop.header("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(shop.header("Access-Control-Allow-Credentials")).contains("true");
        assertThat(String.join(",", shop.headerValues("Vary"))).contains("Origin");
        assertThat(JSON.readTree(shop.body()).has("accessToken")).isTrue();
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(preflight.header("Access-Control-Allow-Credentials")).contains("true");
        assertThat(preflight.header("Access-Control-Allow-Headers"))
                .contains("Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST, OPTIONS");
        assertThat(preflight.headerValues("Set-Cookie")).isEmpty();
        for (ContractResponse response : refused) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.headerValues("Set-Cookie")).isEmpty();
            assertThat(response.body()).doesNotContain("accessToken");
        }
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterAndNoToken() throws Exception {
        // given
        NegotiateTarget limited = target(RATE_LIMITED_JSON);

        // when
        List<Integer> statuses = new ArrayList<>();
        ContractResponse last = null;
        for (int i = 0; i < 4; i++) {
            last = limited.send(ContractRequest.post());
            statuses.add(last.status());
        }

        // then
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        // 20 s for a whole token, less what refilled while the first three were answered (slow machines)
        assertThat(Integer.parseInt(last.header("Retry-After").orElseThrow())).isBetween(10, 20);
        assertThat(last.header("Cache-Control")).contains("no-store");
        assertThat(last.headerValues("Set-Cookie")).isEmpty();
        assertThat(last.body()).doesNotContain("accessToken");
    }

    @Test
    void otherMethodsAre405WithNoToken() throws Exception {
        // when
        ContractResponse get = send(new ContractRequest("GET", List.of(), ""));

        // then
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Cache-Control")).contains("no-store");
        assertThat(get.body()).doesNotContain("accessToken");
    }

    private static String signed(String id, Instant expiry) {
        return new VisitorCookies(KEYS).sign(id, expiry);
    }

    /** A cookie signed with {@code k2} as another stack would mint it, also for an id the library refuses to sign. */
    private static String mintedWithK2(String visitorId, Instant expiry) throws Exception {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String payload = "v1." + base64url.encodeToString(visitorId.getBytes(StandardCharsets.UTF_8)) + "."
                + expiry.getEpochSecond() + ".k2";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEYS.signingKey().secret(), "HmacSHA256"));
        return payload + "." + base64url.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encodedVictim() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(VICTIM.getBytes(StandardCharsets.UTF_8));
    }

    private static DecodedJWT verified(String token) {
        return JWT.require(Algorithm.HMAC256(ACCESS_KEY.getBytes(StandardCharsets.UTF_8)))
                .acceptLeeway(5)
                .build()
                .verify(token);
    }
}
