package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AccessTokensTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.750Z");
    private static final ConnectionString CONNECTION =
            ConnectionString.parse("Endpoint=https://x.service.signalr.net;AccessKey=" + KEY + ";Version=1.0;");

    private final AccessTokens tokens =
            new AccessTokens(CONNECTION, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

    @Test
    void serverTokenAudienceMatchesEveryRestUrlVector() {
        for (JsonNode vector : Vectors.section("urls")) {
            if (!vector.get("url").asText().contains("/api/")) {
                continue;
            }
            // given
            URI url = URI.create(vector.get("url").asText());

            // when
            String token = tokens.forRequest(url);

            // then
            assertThat(JWT.decode(token).getAudience())
                    .as(vector.get("what").asText())
                    .containsExactly(vector.get("aud").asText());
        }
    }

    @Test
    void serverTokenVerifiesWithJavaJwtAndCarriesTimes() {
        // given
        URI url = URI.create("https://x.service.signalr.net/api/v1/hubs/offers/users/u1?x=1");

        // when
        String token = tokens.forRequest(url);

        // then
        DecodedJWT jwt = verifierAtNow(JWT.require(Algorithm.HMAC256(KEY.getBytes(StandardCharsets.UTF_8)))
                        .withAudience("https://x.service.signalr.net/api/v1/hubs/offers/users/u1"))
                .verify(token);
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getIssuedAtAsInstant()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(jwt.getNotBeforeAsInstant()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(jwt.getClaims()).doesNotContainKeys("nameid", "asrs.s.uid");
    }

    @Test
    void serverTokenAudienceIsASingleStringClaim() throws Exception {
        // when
        String token = tokens.forRequest(URI.create("https://x.service.signalr.net/api/v1/health"));

        // then
        JsonNode payload = json(token.split("\\.")[1]);
        assertThat(payload.get("aud").isTextual()).isTrue();
        assertThat(payload.get("aud").asText()).isEqualTo("https://x.service.signalr.net/api/v1/health");
    }

    @Test
    void signatureIsHmacSha256OfHeaderDotPayloadWithTheUtf8BytesOfTheKey() throws Exception {
        // given
        String token = tokens.forRequest(URI.create("https://x.service.signalr.net/api/v1/hubs/offers"));
        String[] parts = token.split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        // when
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        // then
        assertThat(parts).hasSize(3);
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
        assertThat(json(parts[0]).get("alg").asText()).isEqualTo("HS256");
        assertThat(json(parts[0]).get("typ").asText()).isEqualTo("JWT");
    }

    @Test
    void aBase64LookingKeyIsNotDecoded() throws Exception {
        // given
        String base64Key = "c2VjcmV0LWtleS1ieXRlcw==";
        AccessTokens padded = new AccessTokens(ConnectionString.parse("Endpoint=https://h;AccessKey=" + base64Key));
        String[] parts =
                padded.forRequest(URI.create("https://h/api/v1/health")).split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(base64Key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        // when
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        // then
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void aTokenSignedWithAnotherKeyFailsVerification() {
        // given
        String token = tokens.forRequest(URI.create("https://x.service.signalr.net/api/v1/health"));

        // when / then
        assertThatThrownBy(() ->
                        JWT.require(Algorithm.HMAC256("another key")).build().verify(token))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void aTokenFromAPastClockIsExpired() {
        // given
        AccessTokens past = new AccessTokens(
                CONNECTION, Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofMinutes(5));
        String token = past.forRequest(URI.create("https://x.service.signalr.net/api/v1/health"));

        // when / then
        assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256(KEY)).build().verify(token))
                .isInstanceOf(TokenExpiredException.class);
    }

    @Test
    void clientTokenMatchesTheNegotiateUrlVectorAndCarriesTheUserIdTwice() {
        // given
        JsonNode vector = Vectors.section("urls").stream()
                .filter(v -> v.get("url").asText().contains("/client/"))
                .findFirst()
                .orElseThrow();
        AccessTokens forVector = new AccessTokens(
                ConnectionString.parse("Endpoint=" + vector.get("endpoint").asText() + ";AccessKey=" + KEY),
                Clock.fixed(NOW, ZoneOffset.UTC),
                AccessTokens.DEFAULT_LIFETIME);

        // when
        NegotiateResponse response =
                forVector.forClient(vector.get("hub").asText(), "visitor é/1", Duration.ofMinutes(30));

        // then
        assertThat(response.url()).isEqualTo(vector.get("url").asText());
        DecodedJWT jwt = verifierAtNow(JWT.require(Algorithm.HMAC256(KEY))
                        .withAudience(vector.get("aud").asText()))
                .verify(response.accessToken());
        assertThat(jwt.getClaim("nameid").asString()).isEqualTo("visitor é/1");
        assertThat(jwt.getClaim("asrs.s.uid").asString()).isEqualTo("visitor é/1");
        assertThat(jwt.getClaims().keySet())
                .filteredOn(k -> k.startsWith("asrs.s."))
                .containsExactly("asrs.s.uid");
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
    }

    @Test
    void clientTokenUsesTheClientEndpoint() {
        // given
        AccessTokens split = new AccessTokens(ConnectionString.parse(
                "Endpoint=https://x.service.signalr.net;AccessKey=K;ClientEndpoint=https://cdn.example.com"));

        // when
        NegotiateResponse response = split.forClient("Offers", "u1", Duration.ofHours(1));

        // then
        assertThat(response.url()).isEqualTo("https://cdn.example.com/client/?hub=offers");
        assertThat(response.toString()).doesNotContain(response.accessToken());
    }

    @Test
    void rejectsBadLifetimesHubsAndUserIds() {
        // when / then
        assertThatThrownBy(() -> new AccessTokens(CONNECTION, Clock.systemUTC(), Duration.ZERO))
                .hasMessageContaining("lifetime");
        assertThatThrownBy(() -> tokens.forClient("offers", "u", Duration.ofDays(31)))
                .hasMessageContaining("lifetime");
        assertThatThrownBy(() -> tokens.forClient("1offers", "u", Duration.ofHours(1)))
                .hasMessageContaining("hub name");
        assertThatThrownBy(() -> tokens.forClient("offers", "", Duration.ofHours(1)))
                .hasMessageContaining("user id");
    }

    @Test
    void audienceDropsQueryAndFragment() {
        // when / then
        assertThat(AccessTokens.audienceOf(URI.create("http://h:1/a/b?x=1#f"))).isEqualTo("http://h:1/a/b");
        assertThat(AccessTokens.audienceOf(URI.create("http://h/a#f?x"))).isEqualTo("http://h/a");
        assertThat(AccessTokens.audienceOf(URI.create("http://h/a%3Fb"))).isEqualTo("http://h/a%3Fb");
    }

    private static JWTVerifier verifierAtNow(Verification verification) {
        return ((JWTVerifier.BaseVerification) verification).build(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JsonNode json(String base64Url) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(base64Url));
    }
}
