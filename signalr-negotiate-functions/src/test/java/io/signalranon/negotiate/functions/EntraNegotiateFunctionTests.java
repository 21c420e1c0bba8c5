package io.signalranon.negotiate.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.testing.TestClassPathJvm;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Functions handler with an Entra ID connection string: client tokens signed with the service's
 * temporary key, through the real azure-identity and an App Service managed identity endpoint (the
 * emulator's, in Entra mode); and, without {@code signalr-client-entra}, a handler that is not built,
 * on one line naming it.
 */
class EntraNegotiateFunctionTests {

    private static final Pattern NEGOTIATED = Pattern.compile("negotiated 200 (.*)");
    private static final String ENTRA = "Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;";

    @TempDir
    Path dir;

    private SignalREmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Map<String, String> functionApp(String connectionString, String visitor) throws Exception {
        Path settings = dir.resolve("negotiate.json");
        Files.writeString(settings, """
                {"hub": "offers", "route": "negotiate", "userId": {"source": "signed-cookie", "name": "sa_vid"}}
                """);
        String cookie = new VisitorCookies(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                .sign(visitor, Instant.now().plus(Duration.ofDays(1)));
        Map<String, String> environment = new HashMap<>();
        environment.put(NegotiateFunctionHandler.SETTINGS_VARIABLE, settings.toString());
        environment.put("AzureSignalRConnectionString", connectionString);
        environment.put("SIGNALR_ANON_VISITOR_KEYS", NegotiateContract.VISITOR_KEYS);
        environment.put(EntraNegotiateFunctionApp.COOKIE_VARIABLE, "sa_vid=" + cookie);
        return environment;
    }

    private static String member(String json, String name) {
        Matcher member = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(member.find()).as(json).isTrue();
        return member.group(1);
    }

    @Test
    void aVisitorGetsATokenSignedWithTheTemporaryKeyOfTheService() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        emulator = SignalREmulator.builder().port(0).entra(entra).build().start();
        Map<String, String> environment = functionApp(emulator.connectionString(), "web-9");
        environment.put("IDENTITY_ENDPOINT", emulator.identityEndpoint());
        environment.put("IDENTITY_HEADER", entra.identitySecret());

        // when
        TestClassPathJvm.Result run = TestClassPathJvm.run(EntraNegotiateFunctionApp.class, environment, List.of());

        // then
        Matcher negotiated = NEGOTIATED.matcher(run.output());
        assertThat(negotiated.find()).as(run.output()).isTrue();
        String url = member(negotiated.group(1), "url");
        String accessToken = member(negotiated.group(1), "accessToken");
        DecodedJWT token = JWT.decode(accessToken);
        assertThat(emulator.temporaryKeyIds()).containsExactly(token.getKeyId());
        assertThat(token.getClaim("nameid").asString()).isEqualTo("web-9");
        assertThat(emulator.identityTokensIssued()).isPositive();
        try (HubClient visitor = HubClient.builder().connect(url, accessToken)) {
            assertThat(emulator.isConnected("offers", "web-9")).isTrue();
        }
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void withoutTheEntraLibraryTheHandlerIsNotBuiltAndOneLineNamesIt() throws Exception {
        // when
        TestClassPathJvm.Result run = TestClassPathJvm.run(
                EntraNegotiateFunctionApp.class, functionApp(ENTRA, "web-10"), List.of("signalr-client-entra"));

        // then
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output().lines().filter(line -> !line.startsWith("SLF4J(W)"))) // the test class path's logging
                .containsExactly("not built: signalr-negotiate: AuthType=azure.msi needs the library"
                        + " io.signalranon:signalr-client-entra (azure-identity) on the class path");
    }
}
