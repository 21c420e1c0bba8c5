package io.signalranon.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.token.AccessKeyTokenIssuer;
import io.signalranon.negotiate.token.ClientTokenException;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegotiateEndpointTests {

    private static final String SHOP = "https://shop.example";
    private static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static final ConnectionString CONNECTION = ConnectionString.parse(
            "Endpoint=https://demo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Version=1.0;");
    private static final VisitorKeys NEW_KEYS = VisitorKeys.parse(
            "k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=");
    private static final VisitorKeys OLD_KEYS = VisitorKeys.parse("k1:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
    private final NegotiateSettings settings =
            NegotiateSettings.defaults("Offers").withAllowedOrigins(Set.of(SHOP));
    private final NegotiateEndpoint endpoint = endpoint(settings, NEW_KEYS);

    @Test
    void aValidSignedCookieGetsATokenForItsIdAndNoNewCookie() {
        // given
        String cookie = new VisitorCookies(NEW_KEYS)
                .sign("web-14575006", clock.instant().plus(Duration.ofDays(300)));

        // when
        NegotiateReply reply = endpoint.handle(
                post().header("Cookie", "other=1; sa_vid=" + cookie).build());

        // then
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(reply.headerValues("Set-Cookie")).isEmpty();
        JsonNode body = json(reply);
        assertThat(body.get("visitorId").asText()).isEqualTo("web-14575006");
        assertThat(body.get("url").asText()).isEqualTo("https://demo.service.signalr.net/client/?hub=offers");
        DecodedJWT token = verified(body.get("accessToken").asText());
        assertThat(token.getClaim("asrs.s.uid").asString()).isEqualTo("web-14575006");
        assertThat(token.getClaim("nameid").asString()).isEqualTo("web-14575006");
        assertThat(token.getAudience()).containsExactly("https://demo.service.signalr.net/client/?hub=offers");
        assertThat(Duration.between(token.getIssuedAtAsInstant(), token.getExpiresAtAsInstant()))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void noCookieMakesANewRandomVisitorWithASignedHttpOnlyCookie() {
        // when
        NegotiateReply first = endpoint.handle(post().build());
        NegotiateReply second = endpoint.handle(post().build());

        // then
        assertThat(first.status()).isEqualTo(200);
        String visitorId = json(first).get("visitorId").asText();
        assertThat(visitorId)
                .matches("v-[A-Za-z0-9_-]{22}")
                .isNotEqualTo(json(second).get("visitorId").asText());
        assertThat(verified(json(first).get("accessToken").asText())
                        .getClaim("asrs.s.uid")
                        .asString())
                .isEqualTo(visitorId);
        String setCookie = first.header("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("sa_vid=v1\\.[^;]+; Max-Age=31536000; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(setCookie).doesNotContainIgnoringCase("domain");
        String value = setCookie.substring("sa_vid=".length(), setCookie.indexOf(';'));
        NegotiateReply back =
                endpoint.handle(post().header("Cookie", "sa_vid=" + value).build());
        assertThat(json(back).get("visitorId").asText()).isEqualTo(visitorId);
    }

    @Test
    void anIdClaimedByQueryHeaderOrPlainCookieIsNeverSignedNorUsed() {
        // when
        NegotiateReply reply = endpoint.handle(post().query("userid", "web-14575006")
                .header("x-ms-signalr-userid", "web-14575006")
                .header("x-visitor-id", "web-14575006")
                .header("Cookie", "visitor-id=web-14575006; sa_vid=web-14575006")
                .build());

        // then
        assertThat(reply.status()).isEqualTo(200);
        assertThat(json(reply).get("visitorId").asText()).startsWith("v-").isNotEqualTo("web-14575006");
        assertThat(reply.header("Set-Cookie").orElseThrow()).doesNotContain("d2ViLTE0NTc1MDA2");
    }

    @Test
    void badMacUnknownKidOrExpiredCookiesMakeANewVisitor() {
        // given
        Instant later = clock.instant().plus(Duration.ofDays(30));
        String good = new VisitorCookies(NEW_KEYS).sign("web-14575006", later);
        String tampered = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
        String unknownKid = new VisitorCookies(VisitorKeys.parse("k9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
                .sign("web-14575006", later);
        String expired = new VisitorCookies(NEW_KEYS).sign("web-14575006", clock.instant());

        // when / then
        for (String cookie : new String[] {tampered, unknownKid, expired}) {
            NegotiateReply reply =
                    endpoint.handle(post().header("Cookie", "sa_vid=" + cookie).build());
            assertThat(json(reply).get("visitorId").asText()).as(cookie).startsWith("v-");
            assertThat(reply.headerValues("Set-Cookie")).hasSize(1);
        }
    }

    @Test
    void aCookieOfTheOlderKeyKeepsItsIdAndIsReSignedWithTheNewOne() {
        // given: signed before the rotation, when k1 was the only key
        String old = new VisitorCookies(OLD_KEYS)
                .sign("web-14575006", clock.instant().plus(Duration.ofDays(300)));

        // when
        NegotiateReply reply =
                endpoint.handle(post().header("Cookie", "sa_vid=" + old).build());

        // then
        assertThat(json(reply).get("visitorId").asText()).isEqualTo("web-14575006");
        String renewed = reply.header("Set-Cookie").orElseThrow();
        assertThat(renewed).contains(".k2.").startsWith("sa_vid=v1.d2ViLTE0NTc1MDA2.");
    }

    @Test
    void aCookiePastHalfItsLifeIsRenewedForTheSameId() {
        // given
        String aging =
                new VisitorCookies(NEW_KEYS).sign("web-1", clock.instant().plus(Duration.ofDays(100)));

        // when
        NegotiateReply reply =
                endpoint.handle(post().header("Cookie", "sa_vid=" + aging).build());

        // then
        assertThat(json(reply).get("visitorId").asText()).isEqualTo("web-1");
        long expiry = clock.instant().plus(Duration.ofDays(365)).getEpochSecond();
        assertThat(reply.header("Set-Cookie").orElseThrow()).contains("." + expiry + ".k2.");
    }

    @Test
    void anAllowedOriginIsEchoedWithCredentialsAndOthersAreRefused() {
        // when
        NegotiateReply allowed = endpoint.handle(post().header("Origin", SHOP).build());
        NegotiateReply evil =
                endpoint.handle(post().header("Origin", "https://evil.example").build());
        NegotiateReply nullOrigin =
                endpoint.handle(post().header("Origin", "null").build());
        NegotiateReply twoOrigins = endpoint.handle(post().header("Origin", SHOP)
                .header("Origin", "https://evil.example")
                .build());

        // then
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(allowed.header("Access-Control-Allow-Credentials")).contains("true");
        assertThat(allowed.header("Vary")).contains("Origin");
        for (NegotiateReply refused : new NegotiateReply[] {evil, nullOrigin, twoOrigins}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
            assertThat(refused.headerValues("Set-Cookie")).isEmpty();
            assertThat(refused.body()).doesNotContain("accessToken");
        }
    }

    @Test
    void withNoAllowedOriginEvenTheSitesOwnPageIsRefusedAndTheStartSaysToListIt() {
        // given: browsers send Origin with every POST, same-origin ones included
        NegotiateEndpoint noOrigins = endpoint(NegotiateSettings.defaults("Offers"), NEW_KEYS);

        // when
        NegotiateReply ownPage = noOrigins.handle(post().header("Origin", SHOP).build());
        NegotiateReply noOrigin = noOrigins.handle(post().build());

        // then
        assertThat(ownPage.status()).isEqualTo(403);
        assertThat(noOrigin.status()).isEqualTo(200);
        assertThat(noOrigins.startWarnings())
                .singleElement()
                .asString()
                .contains("allowedOrigins is empty")
                .contains("same-origin ones included, so list the site's own origin");
    }

    @Test
    void aPreflightGetsTheFixedHeadersNeverAnEchoOfWhatWasAsked() {
        // when
        NegotiateReply preflight = endpoint.handle(NegotiateRequest.builder("OPTIONS", "203.0.113.9")
                .header("Origin", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent,x-evil")
                .build());
        NegotiateReply evil = endpoint.handle(NegotiateRequest.builder("OPTIONS", "203.0.113.9")
                .header("Origin", "https://evil.example")
                .build());

        // then
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(preflight.header("Access-Control-Allow-Credentials")).contains("true");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST, OPTIONS");
        assertThat(preflight.header("Access-Control-Allow-Headers"))
                .contains("Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent");
        assertThat(preflight.headerValues("Set-Cookie")).isEmpty();
        assertThat(evil.status()).isEqualTo(403);
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterPerAddress() {
        // given
        NegotiateEndpoint limited = endpoint(settings.withRateLimit(new RateLimit(0.5, 2)), NEW_KEYS);

        // when
        int first = limited.handle(post().build()).status();
        int second = limited.handle(post().build()).status();
        NegotiateReply third = limited.handle(post().build());
        int otherAddress = limited.handle(
                        NegotiateRequest.builder("POST", "198.51.100.7").build())
                .status();
        clock.advance(Duration.ofSeconds(2));
        int afterWaiting = limited.handle(post().build()).status();

        // then
        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).contains("2");
        assertThat(third.headerValues("Set-Cookie")).isEmpty();
        assertThat(otherAddress).isEqualTo(200);
        assertThat(afterWaiting).isEqualTo(200);
    }

    @Test
    void onlyPostAndOptionsAreServed() {
        // when
        NegotiateReply get =
                endpoint.handle(NegotiateRequest.builder("GET", "203.0.113.9").build());

        // then
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST, OPTIONS");
    }

    @Test
    void anExplicitHeaderSourceIsServedWithAWarningAndTheIdRule() {
        // given
        NegotiateEndpoint trusting = NegotiateEndpoint.builder(
                        settings.withUserId(new UserIdSource(UserIdSource.Kind.HEADER, "x-ms-signalr-userid")),
                        new AccessKeyTokenIssuer(CONNECTION))
                .clock(clock)
                .build();

        // when
        NegotiateReply claimed = trusting.handle(
                post().header("x-ms-signalr-userid", "web-14575006").build());
        NegotiateReply lookalike = trusting.handle(
                post().header("x-ms-signalr-userid", "web-1457\u200b5006").build());
        NegotiateReply missing = trusting.handle(post().build());

        // then
        assertThat(trusting.startWarnings())
                .anySatisfy(warning -> assertThat(warning).contains("any caller can claim any visitor id"));
        assertThat(json(claimed).get("visitorId").asText()).isEqualTo("web-14575006");
        assertThat(claimed.headerValues("Set-Cookie")).isEmpty();
        assertThat(lookalike.status()).isEqualTo(400);
        assertThat(lookalike.body()).contains("U+200B");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(endpoint.startWarnings()).isEmpty();
    }

    @Test
    void theSignedCookieSourceNeedsKeys() {
        // when / then
        assertThatThrownBy(() -> NegotiateEndpoint.builder(settings, new AccessKeyTokenIssuer(CONNECTION))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIGNALR_ANON_VISITOR_KEYS");
    }

    @Test
    void noTokenNowIs503WithRetryAfterAndNoCookie() {
        // given
        NegotiateEndpoint failing = NegotiateEndpoint.builder(settings, (hub, user, lifetime) -> {
                    throw new ClientTokenException("key service down", new RuntimeException());
                })
                .visitorKeys(NEW_KEYS)
                .clock(clock)
                .build();
        String old = new VisitorCookies(OLD_KEYS)
                .sign("web-14575006", clock.instant().plus(Duration.ofDays(300)));

        // when
        NegotiateReply reply = failing.handle(post().build());
        NegotiateReply reSigned =
                failing.handle(post().header("Cookie", "sa_vid=" + old).build());

        // then: a new visitor, or a cookie due to be re-signed, keeps the cookie it came with
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).contains("1");
        assertThat(reply.body()).doesNotContain("key service down");
        assertThat(reply.headerValues("Set-Cookie")).isEmpty();
        assertThat(reSigned.status()).isEqualTo(503);
        assertThat(reSigned.headerValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theCookieNameAndMaxAgeComeFromTheSettingsAndAnotherNameIsNoVisitor() {
        // given
        NegotiateEndpoint hostPrefixed = endpoint(NegotiateSettings.parse("""
                        {"hub": "Offers", "userId": {"source": "signed-cookie", "name": "__Host-sa_vid"},
                         "visitorCookieMaxAgeSeconds": 86400}
                        """), NEW_KEYS);
        String cookie = new VisitorCookies(NEW_KEYS)
                .sign("web-14575006", clock.instant().plus(Duration.ofHours(20)));

        // when
        NegotiateReply underOtherName =
                hostPrefixed.handle(post().header("Cookie", "sa_vid=" + cookie).build());
        NegotiateReply underItsName = hostPrefixed.handle(
                post().header("Cookie", "__Host-sa_vid=" + cookie).build());

        // then
        assertThat(json(underOtherName).get("visitorId").asText()).startsWith("v-");
        assertThat(underOtherName.header("Set-Cookie").orElseThrow())
                .matches("__Host-sa_vid=v1\\.[^;]+; Max-Age=86400; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(json(underItsName).get("visitorId").asText()).isEqualTo("web-14575006");
        assertThat(underItsName.headerValues("Set-Cookie")).isEmpty();
    }

    private NegotiateEndpoint endpoint(NegotiateSettings settings, VisitorKeys keys) {
        return NegotiateEndpoint.builder(settings, new AccessKeyTokenIssuer(CONNECTION))
                .visitorKeys(keys)
                .clock(clock)
                .build();
    }

    private static NegotiateRequest.Builder post() {
        return NegotiateRequest.builder("POST", "203.0.113.9");
    }

    private static JsonNode json(NegotiateReply reply) {
        try {
            return new ObjectMapper().readTree(reply.body());
        } catch (Exception e) {
            throw new AssertionError(reply.body(), e);
        }
    }

    private static DecodedJWT verified(String token) {
        return JWT.require(Algorithm.HMAC256(ACCESS_KEY.getBytes(StandardCharsets.UTF_8)))
                .acceptLeeway(Long.MAX_VALUE / 1000)
                .build()
                .verify(token);
    }
}
