package io.signalranon.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests signed by hand, to reach the emulator's checks that the client never trips. */
class TokenChecksIntegrationTests {

    private static final String BODY = "{\"target\":\"offers\",\"arguments\":[]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private SignalREmulator emulator;

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void anExpiredTokenIs401UnlessRelaxed() throws Exception {
        // given
        AccessTokens past = new AccessTokens(
                ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT),
                Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofMinutes(5));

        // when
        HttpResponse<String> strict = send(true, "/api/v1/hubs/offers/users/u1", past::forRequest);
        HttpResponse<String> relaxed = send(false, "/api/v1/hubs/offers/users/u1", past::forRequest);

        // then
        assertThat(strict.statusCode()).isEqualTo(401);
        assertThat(strict.headers().firstValue("x-ms-error-code")).contains("Error.Unauthorized");
        assertThat(strict.body()).contains("\"code\":\"Error.Unauthorized\"").contains("expired");
        assertThat(relaxed.statusCode()).isEqualTo(202);
    }

    @Test
    void anAudienceThatIsNotTheRequestUrlIs401UnlessRelaxed() throws Exception {
        // given
        AccessTokens tokens = new AccessTokens(ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT));

        // when
        HttpResponse<String> strict = send(
                true,
                "/api/v1/hubs/offers/users/u1",
                url -> tokens.forRequest(URI.create(url.toString().replace("/u1", "/u2"))));
        HttpResponse<String> relaxed = send(
                false,
                "/api/v1/hubs/offers/users/u1",
                url -> tokens.forRequest(URI.create(url.toString().replace("/u1", "/u2"))));
        HttpResponse<String> queryIgnored =
                send(true, "/api/hubs/offers/users/u1/:send?api-version=2022-06-01", tokens::forRequest);

        // then
        assertThat(strict.statusCode()).isEqualTo(401);
        assertThat(strict.body()).contains("audience");
        assertThat(relaxed.statusCode()).isEqualTo(202);
        assertThat(queryIgnored.statusCode()).isEqualTo(202);
    }

    @Test
    void restTokensInTheFormsOfTheDotNetSdksAreAccepted() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();
        String v1 = "/api/v1/hubs/offers/users/u1";
        String v2022 = "/api/hubs/offers/users/u1/:send?api-version=2022-06-01";

        // when
        int v1WithoutPort = post(v1, signed("http://localhost" + v1));
        int v2022WithoutPortWithQuery = post(v2022, signed("http://localhost" + v2022));
        int v2022WithPortWithQuery = post(v2022, signed("http://localhost:" + emulator.port() + v2022));
        int hostInCapitals = post(v1, signed("http://LOCALHOST" + v1));

        // then
        assertThat(v1WithoutPort).isEqualTo(202);
        assertThat(v2022WithoutPortWithQuery).isEqualTo(202);
        assertThat(v2022WithPortWithQuery).isEqualTo(202);
        assertThat(hostInCapitals).isEqualTo(202);
        assertThat(emulator.acceptedForUser("offers", "u1")).hasSize(4);
    }

    @Test
    void restTokensForAnotherHostPortPathHubOrQueryAreRefused() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();
        String v2022 = "/api/hubs/offers/users/u1/:send?api-version=2022-06-01";

        // when
        int otherHost = post(v2022, signed("http://example.com" + v2022));
        int otherPort = post(v2022, signed("http://localhost:1" + v2022));
        int otherUser = post(v2022, signed("http://localhost" + v2022.replace("u1", "u2")));
        int otherHub = post(v2022, signed("http://localhost" + v2022.replace("offers", "news")));
        int otherQuery = post(v2022, signed("http://localhost" + v2022.replace("2022-06-01", "2021-01-01")));

        // then
        assertThat(List.of(otherHost, otherPort, otherUser, otherHub, otherQuery))
                .containsOnly(401);
        assertThat(emulator.accepted()).isEmpty();
    }

    @Test
    void userExistsAnswersGetAndHeadOnBothApiVersions() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();
        AccessTokens tokens = new AccessTokens(ConnectionString.parse(emulator.connectionString()));
        List<String> paths =
                List.of("/api/v1/hubs/offers/users/nobody", "/api/hubs/offers/users/nobody?api-version=2022-06-01");

        // when
        List<Integer> statuses = new java.util.ArrayList<>();
        for (String path : paths) {
            for (String method : List.of("GET", "HEAD")) {
                URI url = URI.create("http://localhost:" + emulator.port() + path);
                statuses.add(http.send(
                                HttpRequest.newBuilder(url)
                                        .header("Authorization", "Bearer " + tokens.forRequest(url))
                                        .method(method, HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
            }
        }

        // then
        assertThat(statuses).containsExactly(404, 404, 404, 404);
    }

    @Test
    void missingTokensBadHubsUnknownPathsAndWrongMethodsAreRejected() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();
        AccessTokens tokens = new AccessTokens(ConnectionString.parse(emulator.connectionString()));
        URI badHub = URI.create("http://localhost:" + emulator.port() + "/api/v1/hubs/9offers/users/u1");

        // when
        int missing = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + emulator.port() + "/api/v1/hubs/offers"))
                                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int hub = http.send(
                        HttpRequest.newBuilder(badHub)
                                .header("Authorization", "Bearer " + tokens.forRequest(badHub))
                                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + emulator.port() + "/api/v1/nothing"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + emulator.port() + "/api/v1/hubs/offers/users/u1"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        int noVersion = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + emulator.port() + "/api/hubs/offers/:send"))
                                .header(
                                        "Authorization",
                                        "Bearer "
                                                + tokens.forRequest(URI.create("http://localhost:" + emulator.port()
                                                        + "/api/hubs/offers/:send")))
                                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();

        // then
        assertThat(missing).isEqualTo(401);
        assertThat(hub).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD, POST");
        assertThat(noVersion).isEqualTo(400);
        assertThat(emulator.requestCount()).isEqualTo(5);
        assertThat(emulator.accepted()).isEmpty();
    }

    private int post(String pathAndQuery, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + emulator.port() + pathAndQuery))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A token signed by hand with an audience in the form an SDK writes it. */
    private static String signed(String audience) {
        Instant now = Instant.now();
        return JWT.create()
                .withAudience(audience)
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(3600))
                .sign(Algorithm.HMAC256(SignalREmulator.DEFAULT_ACCESS_KEY.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(
            boolean strict, String pathAndQuery, java.util.function.Function<URI, String> token) throws Exception {
        if (emulator != null) {
            emulator.close();
        }
        emulator = SignalREmulator.builder().port(0).strict(strict).build().start();
        URI url = URI.create("http://localhost:" + emulator.port() + pathAndQuery);
        return http.send(
                HttpRequest.newBuilder(url)
                        .header("Authorization", "Bearer " + token.apply(url))
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
