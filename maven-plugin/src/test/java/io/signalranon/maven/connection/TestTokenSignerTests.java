package io.signalranon.maven.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.sun.net.httpserver.HttpServer;
import io.signalranon.client.AuthEndpointException;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokens;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.maven.negotiate.GeneratedConfig;
import io.signalranon.maven.negotiate.NegotiateConfigGenerator;
import io.signalranon.maven.negotiate.NegotiateSettings;
import io.signalranon.maven.negotiate.TestUsers;
import io.signalranon.maven.negotiate.TokenLifetime;
import io.signalranon.maven.negotiate.UserIdSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTokenSignerTests {

    private static final String TEMPORARY_KEY = "t3mporary-key-0123456789abcdefghijklmnop";

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ConnectionString serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/auth/accessKey", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return ConnectionString.parse(
                "Endpoint=http://127.0.0.1:" + server.getAddress().getPort() + ";AuthType=azure.msi;Version=1.0;");
    }

    private static SignalRRestClient client(ConnectionString connection) {
        EntraCredential credential = new EntraCredential() {
            @Override
            public EntraToken fetch() {
                return new EntraToken("entra-token", Instant.now().plus(Duration.ofHours(1)));
            }

            @Override
            public String describe() {
                return "a test identity";
            }
        };
        return SignalRRestClient.builder(connection)
                .entraTokens(new EntraTokens(credential, Clock.systemUTC()))
                .build();
    }

    @Test
    void withEntraIdTestTokensAreSignedWithATemporaryKeyNamedByKid() throws IOException {
        // given
        ConnectionString connection = serve(200, "{\"KeyId\":\"key-1\",\"AccessKey\":\"" + TEMPORARY_KEY + "\"}");

        // when
        String token = TestTokenSigner.forConnection(connection, Clock.systemUTC(), TestTokenSignerTests::client)
                .forClient("offers", "test-user-1", Duration.ofMinutes(30))
                .accessToken();

        // then
        assertThat(JWT.decode(token).getKeyId()).isEqualTo("key-1");
        JWT.require(Algorithm.HMAC256(TEMPORARY_KEY.getBytes(StandardCharsets.UTF_8)))
                .build()
                .verify(token);
    }

    @Test
    void theGeneratedOutputsHoldNeitherTheTemporaryKeyNorTheEntraToken(@TempDir Path output) throws IOException {
        // given
        ConnectionString connection = serve(200, "{\"KeyId\":\"key-1\",\"AccessKey\":\"" + TEMPORARY_KEY + "\"}");
        NegotiateConfigGenerator generator = new NegotiateConfigGenerator(
                TestTokenSigner.forConnection(connection, Clock.systemUTC(), TestTokenSignerTests::client),
                Clock.systemUTC());

        // when
        GeneratedConfig generated = generator.generate(
                new NegotiateSettings(
                        "offers",
                        UserIdSource.parse("header:x-ms-signalr-userid"),
                        "negotiate",
                        "AzureSignalRConnectionString",
                        TokenLifetime.parse("PT1H")),
                new TestUsers(List.of("test-user-1", "test-user-2")),
                output);

        // then
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        texts.add(generated.toString());
        assertThat(texts)
                .hasSizeGreaterThan(1)
                .anyMatch(text -> text.contains("test-user-2"))
                .noneMatch(text -> text.contains(TEMPORARY_KEY))
                .noneMatch(text -> text.contains("entra-token"));
    }

    @Test
    void aMissingRoleIsNamedWithoutAnySecret() throws IOException {
        // given
        ConnectionString connection = serve(
                403, "{\"code\":\"Error.Forbidden\",\"message\":\"not allowed to perform auth/accessKey/action\"}");

        // when / then
        assertThatThrownBy(() ->
                        TestTokenSigner.forConnection(connection, Clock.systemUTC(), TestTokenSignerTests::client))
                .isInstanceOf(AuthEndpointException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("SignalR App Server or SignalR Service Owner")
                .hasMessageNotContaining("entra-token");
    }
}
