package io.signalranon.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BearerTokenCheckTests {

    private static final String KEY = "key==";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String URL = "http://localhost:8888/api/v1/hubs/offers/users/a%2Fb";

    private final BearerTokenCheck strict = new BearerTokenCheck(KEY, true, Clock.fixed(NOW, ZoneOffset.UTC));
    private final BearerTokenCheck relaxed = new BearerTokenCheck(KEY, false, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAGoodToken() {
        // when / then
        assertThat(strict.problem("Bearer " + token(KEY, URL, NOW.plusSeconds(60)), URL))
                .isNull();
        assertThat(strict.problem(
                        "bearer "
                                + token(
                                        KEY,
                                        "HTTP://LOCALHOST:8888/api/v1/hubs/offers/users/a%2Fb",
                                        NOW.plusSeconds(60)),
                        URL))
                .isNull();
    }

    @Test
    void acceptsTheManagementSdkFormWithoutPortAndWithQuery() {
        // given
        String request = "http://localhost:8888/api/hubs/offers/users/u1/:send?api-version=2022-06-01";
        String dotNet = token(
                KEY, "http://localhost/api/hubs/offers/users/u1/:send?api-version=2022-06-01", NOW.plusSeconds(60));
        String otherHost = token(
                KEY, "http://example.com/api/hubs/offers/users/u1/:send?api-version=2022-06-01", NOW.plusSeconds(60));

        // when / then
        assertThat(strict.problem("Bearer " + dotNet, request)).isNull();
        assertThat(strict.problem("Bearer " + otherHost, request)).contains("audience");
        assertThat(relaxed.problem("Bearer " + otherHost, request)).isNull();
    }

    @Test
    void rejectsMissingMalformedAndWronglySignedTokensEvenWhenRelaxed() {
        // when / then
        assertThat(relaxed.problem(null, URL)).contains("Bearer");
        assertThat(relaxed.problem("Basic abc", URL)).contains("Bearer");
        assertThat(relaxed.problem("Bearer not-a-jwt", URL)).contains("not a JWT");
        assertThat(relaxed.problem("Bearer " + token("other", URL, NOW.plusSeconds(60)), URL))
                .contains("signature");
        assertThat(relaxed.problem("Bearer " + JWT.create().withAudience(URL).sign(Algorithm.HMAC384(KEY)), URL))
                .contains("HS256");
    }

    @Test
    void strictChecksExpiryAndAudienceRelaxedDoesNot() {
        // given
        String expired = token(KEY, URL, NOW.minusSeconds(60));
        String otherAudience = token(KEY, URL.replace("%2F", "/"), NOW.plusSeconds(60));
        String noExpiry = JWT.create().withAudience(URL).sign(Algorithm.HMAC256(KEY.getBytes(StandardCharsets.UTF_8)));

        // when / then
        assertThat(strict.problem("Bearer " + expired, URL)).contains("expired");
        assertThat(strict.problem("Bearer " + otherAudience, URL)).contains("audience");
        assertThat(strict.problem("Bearer " + noExpiry, URL)).contains("exp");
        assertThat(relaxed.problem("Bearer " + expired, URL)).isNull();
        assertThat(relaxed.problem("Bearer " + otherAudience, URL)).isNull();
    }

    @Test
    void reasonsNeverContainTheTokenOrTheKey() {
        // given
        String token = token("other-key", URL, NOW.plusSeconds(60));

        // when
        String problem = strict.problem("Bearer " + token, URL);

        // then
        assertThat(problem)
                .doesNotContain(token)
                .doesNotContain(token.split("\\.")[2])
                .doesNotContain(KEY);
    }

    private static String token(String key, String audience, Instant expiresAt) {
        return JWT.create()
                .withAudience(audience)
                .withExpiresAt(expiresAt)
                .sign(Algorithm.HMAC256(key.getBytes(StandardCharsets.UTF_8)));
    }
}
