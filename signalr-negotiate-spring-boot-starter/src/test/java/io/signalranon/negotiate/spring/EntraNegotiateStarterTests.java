package io.signalranon.negotiate.spring;

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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter with an Entra ID connection string: client tokens signed with the service's temporary
 * key, through the real azure-identity and an App Service managed identity endpoint (the emulator's,
 * in Entra mode); and, without {@code signalr-client-entra}, a start that stops on one line naming it.
 */
class EntraNegotiateStarterTests {

    private static final Pattern NEGOTIATED = Pattern.compile("negotiated 200 (.*)");
    private static final String ENTRA = "Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;";

    private SignalREmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static Map<String, String> application(String connectionString, String cookie) {
        return Map.of(
                "SIGNALR_CONNECTION_STRING",
                connectionString,
                "SIGNALR_ANON_VISITOR_KEYS",
                NegotiateContract.VISITOR_KEYS,
                EntraNegotiateApp.COOKIE_VARIABLE,
                "sa_vid=" + cookie);
    }

    private static String member(String json, String name) {
        Matcher member = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(member.find()).as(json).isTrue();
        return member.group(1);
    }

    private static String cookie(String visitor) {
        return new VisitorCookies(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                .sign(visitor, Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void aVisitorGetsATokenSignedWithTheTemporaryKeyOfTheService() throws Exception {
        // given
        EntraMode entra = EntraMode.defaults();
        emulator = SignalREmulator.builder().port(0).entra(entra).build().start();
        Map<String, String> environment = new HashMap<>(application(emulator.connectionString(), cookie("web-7")));
        environment.put("IDENTITY_ENDPOINT", emulator.identityEndpoint());
        environment.put("IDENTITY_HEADER", entra.identitySecret());

        // when
        TestClassPathJvm.Result run = TestClassPathJvm.run(EntraNegotiateApp.class, environment, List.of());

        // then
        Matcher negotiated = NEGOTIATED.matcher(run.output());
        assertThat(negotiated.find()).as(run.output()).isTrue();
        String url = member(negotiated.group(1), "url");
        String accessToken = member(negotiated.group(1), "accessToken");
        DecodedJWT token = JWT.decode(accessToken);
        assertThat(emulator.temporaryKeyIds()).containsExactly(token.getKeyId());
        assertThat(token.getClaim("nameid").asString()).isEqualTo("web-7");
        assertThat(emulator.identityTokensIssued()).isPositive();
        try (HubClient visitor = HubClient.builder().connect(url, accessToken)) {
            assertThat(emulator.isConnected("offers", "web-7")).isTrue();
        }
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void withoutTheEntraLibraryTheStartStopsOnOneLineThatNamesIt() throws Exception {
        // when
        TestClassPathJvm.Result run = TestClassPathJvm.run(
                EntraNegotiateApp.class, application(ENTRA, cookie("web-8")), List.of("signalr-client-entra"));

        // then
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("APPLICATION FAILED TO START")
                .contains("the negotiate connection string has AuthType=azure.msi (Entra ID), which needs the library"
                        + " io.signalranon:signalr-client-entra on the class path")
                .contains("Add the dependency io.signalranon:signalr-client-entra")
                .doesNotContain("\tat ");
    }

    @Test
    void theFailureAnalysisNamesTheLibraryWhenItsClassesAreHidden() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("io.signalranon.client.entra"))
                .withConfiguration(AutoConfigurations.of(NegotiateAutoConfiguration.class))
                .withUserConfiguration(NegotiateAutoConfigurationTests.Keys.class)
                .withPropertyValues("signalr.negotiate.connection-string=" + ENTRA)
                .run(context -> {
                    // then
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis =
                            new EntraLibraryMissingFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("AuthType=azure.msi")
                            .contains("io.signalranon:signalr-client-entra")
                            .doesNotContain("\n");
                });
    }
}
