package io.signalranon.maven.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.visitor.Verification;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegotiateConfigGeneratorTests {

    private static final String KEY = "unit-test-access-key-0123456789ABCDEFGH";
    private static final ConnectionString CONNECTION =
            ConnectionString.parse("Endpoint=https://unit.service.signalr.net;AccessKey=" + KEY + ";Version=1.0;");
    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.750Z");
    private static final Instant ISSUED_AT = Instant.parse("2026-12-01T10:15:30Z");

    private final NegotiateConfigGenerator generator =
            new NegotiateConfigGenerator(new AccessTokens(CONNECTION), Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path output;

    @Test
    void tokensCarryTheUserIdAudienceAndExpiryAndVerifyAgainstTheKey() throws IOException {
        // given
        NegotiateSettings settings = settings("header:x-ms-signalr-userid", "PT2H");

        // when
        GeneratedConfig generated = generator.generate(settings, new TestUsers(List.of("ecid-42", "anon-7")), output);

        // then
        assertThat(generated.url()).isEqualTo("https://unit.service.signalr.net/client/?hub=offers");
        assertThat(generated.tokens()).extracting(IssuedToken::userId).containsExactly("ecid-42", "anon-7");
        for (IssuedToken token : generated.tokens()) {
            var verification =
                    (JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(KEY.getBytes(StandardCharsets.UTF_8)))
                            .withAudience(generated.url());
            DecodedJWT jwt = verification
                    .build(Clock.fixed(ISSUED_AT.plusSeconds(60), ZoneOffset.UTC))
                    .verify(token.accessToken());
            assertThat(jwt.getClaim("nameid").asString()).isEqualTo(token.userId());
            assertThat(jwt.getClaim("asrs.s.uid").asString()).isEqualTo(token.userId());
            assertThat(jwt.getIssuedAtAsInstant()).isEqualTo(ISSUED_AT);
            assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(ISSUED_AT.plus(Duration.ofHours(2)));
            assertThat(token.expiresAt()).isEqualTo(jwt.getExpiresAtAsInstant());
            assertThat(token.url()).isEqualTo(generated.url());
        }
    }

    @Test
    void tokensDoNotVerifyAgainstAnotherKey() throws IOException {
        // given
        NegotiateSettings settings = settings("header:x-ms-signalr-userid", "PT1H");

        // when
        GeneratedConfig generated = generator.generate(settings, new TestUsers(List.of("u1")), output);

        // then
        var otherKey = JWT.require(Algorithm.HMAC256("another-key".getBytes(StandardCharsets.UTF_8)))
                .build();
        assertThatThrownBy(() -> otherKey.verify(generated.tokens().get(0).accessToken()))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void functionJsonForAHeaderSourceIsAnAnonymousPostFunctionWithTheHeaderBinding() throws IOException {
        // given
        NegotiateSettings settings = new NegotiateSettings(
                "offers",
                UserIdSource.parse("header:x-ms-signalr-userid"),
                "negotiate",
                "AzureSignalRConnectionString",
                TokenLifetime.parse("PT1H"));

        // when
        GeneratedConfig generated = generator.generate(settings, new TestUsers(List.of("u1")), output);

        // then
        assertThat(generated.functionJson()).contains(output.resolve("negotiate/function.json"));
        assertThat(Files.readString(output.resolve("negotiate/function.json"))).isEqualTo("""
                {
                  "bindings": [
                    {
                      "authLevel": "anonymous",
                      "type": "httpTrigger",
                      "direction": "in",
                      "name": "req",
                      "methods": [
                        "post"
                      ],
                      "route": "negotiate"
                    },
                    {
                      "type": "http",
                      "direction": "out",
                      "name": "res"
                    },
                    {
                      "type": "signalRConnectionInfo",
                      "name": "connectionInfo",
                      "hubName": "offers",
                      "userId": "{headers.x-ms-signalr-userid}",
                      "connectionStringSetting": "AzureSignalRConnectionString",
                      "direction": "in"
                    }
                  ]
                }
                """);
    }

    @Test
    void functionJsonForAQuerySourceBindsTheQueryParameterOnTheGivenRouteAndSetting() throws IOException {
        // given
        NegotiateSettings settings = new NegotiateSettings(
                "Offers",
                UserIdSource.parse("query:userid"),
                "offers/negotiate",
                "SignalRConnection",
                TokenLifetime.parse("60"));

        // when
        generator.generate(settings, new TestUsers(List.of("u1")), output);

        // then
        JsonNode function = read(output.resolve("negotiate/function.json"));
        assertThat(function.at("/bindings/0/route").asText()).isEqualTo("offers/negotiate");
        assertThat(function.at("/bindings/2/hubName").asText()).isEqualTo("Offers");
        assertThat(function.at("/bindings/2/userId").asText()).isEqualTo("{query.userid}");
        assertThat(function.at("/bindings/2/connectionStringSetting").asText()).isEqualTo("SignalRConnection");
    }

    @Test
    void aCookieSourceWritesNoFunctionJsonAndRemovesAStaleOne() throws IOException {
        // given
        generator.generate(settings("header:x-ms-signalr-userid", "PT1H"), new TestUsers(List.of("u1")), output);
        NegotiateSettings cookie = settings("cookie:visitor_id", "PT1H");

        // when
        GeneratedConfig generated = generator.generate(cookie, new TestUsers(List.of("u1")), output);

        // then
        assertThat(generated.functionJson()).isEmpty();
        assertThat(output.resolve("negotiate/function.json")).doesNotExist();
        JsonNode negotiate = read(output.resolve("negotiate.json"));
        assertThat(negotiate.at("/userId/source").asText()).isEqualTo("cookie");
        assertThat(negotiate.at("/userId/name").asText()).isEqualTo("visitor_id");
        assertThat(generated.tokens()).hasSize(1);
    }

    @Test
    void negotiateJsonDescribesTheEndpointNeutrally() throws IOException {
        // given
        NegotiateSettings settings = new NegotiateSettings(
                "offers",
                UserIdSource.parse("query:userid"),
                "negotiate",
                "AzureSignalRConnectionString",
                TokenLifetime.parse("P1D"),
                List.of("https://shop.example"),
                NegotiateSettings.rateLimit(2.5, 5));

        // when
        generator.generate(settings, new TestUsers(List.of("u1")), output);

        // then
        assertThat(Files.readString(output.resolve("negotiate.json"))).isEqualTo("""
                {
                  "hub": "offers",
                  "url": "https://unit.service.signalr.net/client/?hub=offers",
                  "userId": {
                    "source": "query",
                    "name": "userid"
                  },
                  "userIdClaims": [
                    "nameid",
                    "asrs.s.uid"
                  ],
                  "allowedOrigins": [
                    "https://shop.example"
                  ],
                  "rateLimit": {
                    "perSecond": 2.5,
                    "burst": 5
                  },
                  "tokenLifetime": "PT24H",
                  "tokenLifetimeSeconds": 86400,
                  "route": "negotiate",
                  "connectionStringSetting": "AzureSignalRConnectionString"
                }
                """);
    }

    @Test
    void tokensJsonHoldsTheNegotiateResponseUserIdAndExpiryOfEachUser() throws IOException {
        // given
        NegotiateSettings settings = settings("header:x-ms-signalr-userid", "PT1H");

        // when
        GeneratedConfig generated = generator.generate(settings, new TestUsers(List.of("a", "b")), output);

        // then
        JsonNode tokens = read(generated.tokensJson());
        assertThat(tokens.get("hub").asText()).isEqualTo("offers");
        assertThat(tokens.get("issuedAt").asText()).isEqualTo("2026-12-01T10:15:30Z");
        assertThat(tokens.get("tokens")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode entry = tokens.get("tokens").get(i);
            IssuedToken issued = generated.tokens().get(i);
            assertThat(entry.fieldNames()).toIterable().containsExactly("userId", "url", "accessToken", "expiresAt");
            assertThat(entry.get("userId").asText()).isEqualTo(issued.userId());
            assertThat(entry.get("url").asText()).isEqualTo(generated.url());
            assertThat(entry.get("accessToken").asText()).isEqualTo(issued.accessToken());
            assertThat(entry.get("expiresAt").asText()).isEqualTo("2026-12-01T11:15:30Z");
        }
    }

    @Test
    void noOutputContainsTheAccessKeyAndTheSameInputsGiveTheSameBytes() throws IOException {
        // given
        NegotiateSettings settings = settings("header:x-ms-signalr-userid", "PT1H");
        Path second = output.resolve("second");

        // when
        generator.generate(settings, new TestUsers(List.of("u1")), output);
        generator.generate(settings, new TestUsers(List.of("u1")), second);

        // then
        for (String name : List.of("negotiate/function.json", "negotiate.json", "tokens.json")) {
            String first = Files.readString(output.resolve(name));
            assertThat(first).doesNotContain(KEY).endsWith("}\n").doesNotContain("\r");
            assertThat(Files.readString(second.resolve(name))).isEqualTo(first);
        }
        try (Stream<Path> files = Files.walk(output)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(6);
        }
    }

    @Test
    void issuedTokenToStringMasksTheToken() throws IOException {
        // given
        GeneratedConfig generated = generator.generate(
                settings("header:x-ms-signalr-userid", "PT1H"), new TestUsers(List.of("u1")), output);

        // when
        String text = generated.tokens().get(0).toString();

        // then
        assertThat(text).contains("u1").doesNotContain(generated.tokens().get(0).accessToken());
    }

    @Test
    void theDefaultSignedCookieWritesNoFunctionJsonAndNegotiateJsonTheLibraryReads() throws IOException {
        // given
        NegotiateSettings settings = settings(UserIdSource.DEFAULT, "PT15M");

        // when
        GeneratedConfig generated = generator.generate(settings, new TestUsers(List.of("u1")), output);

        // then
        assertThat(generated.functionJson()).isEmpty();
        assertThat(output.resolve("negotiate/function.json")).doesNotExist();
        io.signalranon.negotiate.NegotiateSettings read =
                io.signalranon.negotiate.NegotiateSettings.read(output.resolve("negotiate.json"));
        assertThat(read)
                .isEqualTo(io.signalranon.negotiate.NegotiateSettings.defaults("offers")
                        .withTokenLifetime(Duration.ofMinutes(15)));
        assertThat(generated.tokens().get(0).visitorCookie()).isEmpty();
        assertThat(Files.readString(output.resolve("tokens.json"))).doesNotContain("visitorCookie");
    }

    @Test
    void withVisitorKeysEachTestUserGetsASignedCookieExpiringWithItsToken() throws IOException {
        // given
        VisitorKeys keys = VisitorKeys.parse("k2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        NegotiateConfigGenerator signing = new NegotiateConfigGenerator(
                new AccessTokens(CONNECTION), Clock.fixed(NOW, ZoneOffset.UTC), Optional.of(keys));

        // when
        GeneratedConfig generated = signing.generate(
                settings(UserIdSource.DEFAULT, "PT1H"), new TestUsers(List.of("web-14575006", "u2")), output);

        // then
        JsonNode tokens = read(output.resolve("tokens.json"));
        for (int i = 0; i < 2; i++) {
            String cookie = tokens.at("/tokens/" + i + "/visitorCookie").asText();
            assertThat(cookie)
                    .isEqualTo(generated.tokens().get(i).visitorCookie().orElseThrow());
            assertThat(new VisitorCookies(keys).verify(cookie, NOW))
                    .isEqualTo(new Verification.Valid(
                            generated.tokens().get(i).userId(), "k2", ISSUED_AT.plus(Duration.ofHours(1))));
        }
        assertThat(generated.tokens().get(0).toString())
                .doesNotContain(tokens.at("/tokens/0/visitorCookie").asText());
    }

    private static NegotiateSettings settings(String source, String lifetime) {
        return new NegotiateSettings(
                "offers",
                UserIdSource.parse(source),
                "negotiate",
                "AzureSignalRConnectionString",
                TokenLifetime.parse(lifetime));
    }

    private static JsonNode read(Path file) throws IOException {
        return JsonFiles.MAPPER.readTree(file.toFile());
    }
}
