package io.signalranon.emulator.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.signalranon.client.AccessTokens;
import io.signalranon.client.AuthEndpointException;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraTokens;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.client.TemporaryAccessKey;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.emulator.testclient.HubClientException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator as a service with local authentication disabled, through the real REST client and a hub client. */
class EntraModeIntegrationTests {

    private static final String BODY = "{\"target\":\"offers\",\"arguments\":[{\"id\":\"o1\"}]}";

    private final MovableClock clock = new MovableClock();
    private SignalREmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private SignalREmulator start(EntraMode entra) {
        emulator = SignalREmulator.builder()
                .port(0)
                .clock(clock)
                .entra(entra)
                .build()
                .start();
        return emulator;
    }

    private IdentityEndpointCredential identity(EntraMode entra) {
        return new IdentityEndpointCredential(emulator.identityEndpoint(), entra.identitySecret());
    }

    private SignalRRestClient client(EntraMode entra) {
        return SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .entraTokens(new EntraTokens(identity(entra), clock))
                .build();
    }

    private SignalRRestClient accessKeyClient() {
        return SignalRRestClient.builder(ConnectionString.parse("Endpoint=http://localhost;Port=" + emulator.port()
                        + ";AccessKey=" + SignalREmulator.DEFAULT_ACCESS_KEY + ";Version=1.0;"))
                .build();
    }

    @Test
    void sendsWithATokenOfItsIdentityEndpointAndRefusesAccessKeyTokens() {
        // given
        EntraMode entra = EntraMode.defaults();
        start(entra);

        // when
        SendOutcome entraSend;
        SendOutcome keySend;
        try (SignalRRestClient client = client(entra);
                SignalRRestClient keyClient = accessKeyClient()) {
            entraSend = client.sendToUser("offers", "u1", BODY);
            keySend = keyClient.sendToUser("offers", "u2", BODY);
        }

        // then
        assertThat(emulator.connectionString()).contains("AuthType=azure.msi").doesNotContain("AccessKey");
        assertThat(entraSend.status()).isEqualTo(202);
        assertThat(keySend.status()).isEqualTo(401);
        assertThat(keySend.reason()).contains("local authentication is disabled");
        assertThat(emulator.acceptedForUser("offers", "u1")).hasSize(1);
        assertThat(emulator.acceptedForUser("offers", "u2")).isEmpty();
    }

    @Test
    void theIdentityEndpointWantsItsHeaderAndAResource() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        start(entra);
        IdentityEndpointCredential identity = identity(entra);

        // when / then
        assertThat(identity.ask("https://signalr.azure.com", null).statusCode()).isEqualTo(401);
        assertThat(identity.ask("https://signalr.azure.com", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(identity.ask("", entra.identitySecret()).statusCode()).isEqualTo(400);
        assertThat(identity.ask("https://signalr.azure.com", entra.identitySecret())
                        .body())
                .contains("\"token_type\":\"Bearer\"")
                .contains("\"resource\":\"https://signalr.azure.com\"");
    }

    @Test
    void anExpiredTokenIsRefusedAndTheClientRenewsIt() {
        // given
        EntraMode entra = EntraMode.defaults().withTokenLifetime(Duration.ofSeconds(20));
        start(entra);
        IdentityEndpointCredential identity = identity(entra);
        String first = identity.fetch().value();
        clock.advance(Duration.ofSeconds(30));

        // when
        SendOutcome expired;
        SendOutcome renewed;
        try (SignalRRestClient raw = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                        .entraTokens(new EntraTokens(new FixedCredential(first, clock), clock))
                        .build();
                SignalRRestClient client = client(entra)) {
            expired = raw.sendToUser("offers", "u1", BODY);
            renewed = client.sendToUser("offers", "u1", BODY);
        }

        // then
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.reason()).contains("expired");
        assertThat(renewed.status()).isEqualTo(202);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        // given
        EntraMode entra = EntraMode.defaults().withIdentityAudience("https://management.azure.com");
        start(entra);

        // when
        SendOutcome outcome;
        try (SignalRRestClient client = client(entra)) {
            outcome = client.sendToUser("offers", "u1", BODY);
        }

        // then
        assertThat(outcome.status()).isEqualTo(401);
        assertThat(outcome.reason()).contains("audience").contains("https://signalr.azure.com");
    }

    @Test
    void aClientTokenSignedWithATemporaryKeyConnectsByItsKid() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        start(entra);
        ConnectionString connection = ConnectionString.parse(emulator.connectionString());
        TemporaryAccessKey key;
        try (SignalRRestClient client = client(entra)) {
            key = client.temporaryAccessKey();
        }
        String url = emulator.clientUrl("offers");

        // when
        String signed = new AccessTokens(connection, key, clock)
                .forClient("offers", "visitor-1", Duration.ofMinutes(10))
                .accessToken();
        String withAccessKey = new AccessTokens(ConnectionString.parse("Endpoint=http://localhost;Port="
                        + emulator.port() + ";AccessKey=" + SignalREmulator.DEFAULT_ACCESS_KEY))
                .forClient("offers", "visitor-2", Duration.ofMinutes(10))
                .accessToken();

        // then
        assertThat(key.toString()).doesNotContain(key.accessKey());
        assertThat(JWT.decode(signed).getKeyId()).isEqualTo(key.keyId());
        try (HubClient hub = HubClient.builder().connect(url, signed)) {
            assertThat(hub.connectionId()).isNotBlank();
        }
        assertThatThrownBy(() -> HubClient.builder().connect(url, withAccessKey).close())
                .isInstanceOf(HubClientException.class)
                .hasMessageContaining("401");
    }

    @Test
    void theVersionedPathServesTemporaryKeysToEntraTokensOnly() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        start(entra);
        URI path = URI.create("http://localhost:" + emulator.port() + "/api/auth/accessKey?api-version=2022-06-01");
        HttpClient http = HttpClient.newHttpClient();
        String entraToken = identity(entra).fetch().value();
        String accessKeyToken = new AccessTokens(ConnectionString.parse("Endpoint=http://localhost;Port="
                        + emulator.port() + ";AccessKey=" + SignalREmulator.DEFAULT_ACCESS_KEY))
                .forRequest(path);

        // when
        HttpResponse<String> withEntra = http.send(
                HttpRequest.newBuilder(path)
                        .header("Authorization", "Bearer " + entraToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withAccessKey = http.send(
                HttpRequest.newBuilder(path)
                        .header("Authorization", "Bearer " + accessKeyToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(withEntra.statusCode()).isEqualTo(200);
        String keyId = withEntra.body().replaceAll(".*\"KeyId\":\"([^\"]+)\".*", "$1");
        String key = withEntra.body().replaceAll(".*\"AccessKey\":\"([^\"]+)\".*", "$1");
        String signed = new AccessTokens(
                        ConnectionString.parse(emulator.connectionString()), new TemporaryAccessKey(keyId, key), clock)
                .forClient("offers", "visitor-3", Duration.ofMinutes(10))
                .accessToken();
        try (HubClient hub = HubClient.builder().connect(emulator.clientUrl("offers"), signed)) {
            assertThat(emulator.isConnected("offers", "visitor-3")).isTrue();
        }
        assertThat(withAccessKey.statusCode()).isEqualTo(401);
        assertThat(withAccessKey.body()).doesNotContain("AccessKey\"");
    }

    @Test
    void temporaryKeysExpireAfterTheirLifetime() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults().withTokenLifetime(Duration.ofHours(3));
        start(entra);
        TemporaryAccessKey key;
        try (SignalRRestClient client = client(entra)) {
            key = client.temporaryAccessKey();
        }
        String token = new AccessTokens(ConnectionString.parse(emulator.connectionString()), key, clock)
                .forClient("offers", "visitor-1", Duration.ofHours(2))
                .accessToken();

        // when
        clock.advance(Duration.ofMinutes(91));

        // then
        assertThatThrownBy(() -> HubClient.builder()
                        .connect(emulator.clientUrl("offers"), token)
                        .close())
                .isInstanceOf(HubClientException.class)
                .hasMessageContaining("401");
    }

    @Test
    void generatesClientTokensThatConnect() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        start(entra);

        // when
        String token;
        try (SignalRRestClient client = client(entra)) {
            token = client.generateClientToken("Offers", "visitor 7", Duration.ofMinutes(5));
        }

        // then
        assertThat(JWT.decode(token).getClaim("asrs.s.uid").asString()).isEqualTo("visitor 7");
        try (HubClient hub = HubClient.builder().connect(emulator.clientUrl("offers"), token)) {
            assertThat(emulator.isConnected("offers", "visitor 7")).isTrue();
        }
    }

    @Test
    void aRestApiOwnerGetsNoAccessKeyAndAnAppServerSendsNothing() {
        // given
        EntraMode restApiOwner = EntraMode.defaults().withRole(Role.REST_API_OWNER);
        start(restApiOwner);

        // when / then
        try (SignalRRestClient client = client(restApiOwner)) {
            assertThatThrownBy(client::temporaryAccessKey)
                    .isInstanceOf(AuthEndpointException.class)
                    .hasMessageContaining("403")
                    .hasMessageContaining("SignalR App Server or SignalR Service Owner");
            assertThat(client.sendToUser("offers", "u1", BODY).status()).isEqualTo(202);
        }
        emulator.close();
        EntraMode appServer = EntraMode.defaults().withRole(Role.APP_SERVER);
        start(appServer);
        try (SignalRRestClient client = client(appServer)) {
            SendOutcome refused = client.sendToUser("offers", "u1", BODY);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.reason()).contains("SignalR REST API Owner");
            assertThat(client.temporaryAccessKey().keyId()).isNotBlank();
        }
    }

    @Test
    void trustsTheIssuerOfAJwksFile(@TempDir Path dir) throws Exception {
        // given
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(
                jwks,
                "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"" + base64url(publicKey.getModulus())
                        + "\",\"e\":\"" + base64url(publicKey.getPublicExponent()) + "\"}]}");
        start(EntraMode.defaults().withIssuerKeys(jwks));
        Algorithm rsa = Algorithm.RSA256(publicKey, (RSAPrivateKey) pair.getPrivate());
        String token = JWT.create()
                .withKeyId("k1")
                .withAudience("https://signalr.azure.com")
                .withExpiresAt(clock.instant().plusSeconds(60))
                .sign(rsa);

        // when
        SendOutcome outcome;
        try (SignalRRestClient client = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .entraTokens(new EntraTokens(new FixedCredential(token, clock), clock))
                .build()) {
            outcome = client.sendToUser("offers", "u1", BODY);
        }

        // then
        assertThat(outcome.status()).isEqualTo(202);
    }

    @Test
    void trustsTheIssuerOfAPemPublicKeyForTokensWithoutAKid(@TempDir Path dir) throws Exception {
        // given
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair trusted = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(
                pem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(trusted.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        start(EntraMode.defaults().withIssuerKeys(pem));

        // when
        SendOutcome signedByTrusted = sendWith(token(trusted));
        SendOutcome signedByOther = sendWith(token(other));

        // then
        assertThat(signedByTrusted.status()).isEqualTo(202);
        assertThat(signedByOther.status()).isEqualTo(401);
        assertThat(signedByOther.reason()).contains("not signed by a trusted Entra ID issuer key");
    }

    private String token(KeyPair pair) {
        return JWT.create()
                .withAudience("https://signalr.azure.com")
                .withExpiresAt(clock.instant().plusSeconds(60))
                .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
    }

    private SendOutcome sendWith(String token) {
        try (SignalRRestClient client = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .entraTokens(new EntraTokens(new FixedCredential(token, clock), clock))
                .build()) {
            return client.sendToUser("offers", "u1", BODY);
        }
    }

    @Test
    void aKeyFileThatIsNotOneIsNamed(@TempDir Path dir) throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("keys.txt"), "not a key");

        // when / then
        assertThatThrownBy(() -> IssuerKeys.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys.txt")
                .hasMessageContaining("JWKS");
    }

    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Always the same token, said to expire in an hour. */
    private record FixedCredential(String token, Clock clock) implements io.signalranon.client.EntraCredential {

        @Override
        public io.signalranon.client.EntraToken fetch() {
            return new io.signalranon.client.EntraToken(token, clock.instant().plus(Duration.ofHours(1)));
        }

        @Override
        public String describe() {
            return "a fixed token";
        }
    }

    /** The system clock, moved forward by the test. */
    private static final class MovableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
