package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.limit.Latency;
import io.signalranon.emulator.limit.ServiceLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatcher.jar run} with {@code AuthType=azure.msi}, the real azure-identity classes and no
 * Azure account: the emulator plays a service with local authentication disabled and, on the same
 * port, the App Service managed identity endpoint ({@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER})
 * whose RS256 tokens expire after 8 seconds.
 */
class EntraSendIntegrationTests {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(8);
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.");

    @TempDir
    Path dir;

    private SignalREmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private EntraMode start(EntraMode entra, Duration latency) {
        emulator = SignalREmulator.builder()
                .port(0)
                .entra(entra)
                .limits(ServiceLimits.NONE.withLatency(Latency.of(latency)))
                .build()
                .start();
        return entra;
    }

    private Map<String, String> environment(EntraMode entra, String identityEndpoint) {
        return Map.of(
                "SIGNALR_CONNECTION_STRING", emulator.connectionString(),
                "IDENTITY_ENDPOINT", identityEndpoint,
                "IDENTITY_HEADER", entra.identitySecret());
    }

    private String[] runArguments(int users) throws IOException {
        Files.writeString(
                dir.resolve("changes.csv"),
                "user_id,segment,status,timestamp\n"
                        + IntStream.range(0, users)
                                .mapToObj(i -> "u" + i + ",cart_abandoners,enter,2026-11-30T10:00:00Z\n")
                                .collect(Collectors.joining()));
        Files.writeString(dir.resolve("offers.json"), """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                             "content": {"title": "10% off"}}]}
                """);
        return new String[] {"run", "--input=csv:changes.csv", "--offers=offers.json", "--as-of=2026-12-01T12:00:00Z"};
    }

    @Test
    void deliversEveryMessageAcrossSeveralTokenLifetimesAskingTheIdentityEndpointRarely() throws Exception {
        // given: 400 sends, two at a time, 100 ms each: at least 20 s, more than two token lifetimes
        int users = 400;
        EntraMode entra = start(EntraMode.defaults().withTokenLifetime(TOKEN_LIFETIME), Duration.ofMillis(100));

        // when
        long started = System.nanoTime();
        ChildJvm.Result run = ChildJvm.run(
                dir,
                environment(entra, emulator.identityEndpoint()),
                Map.of("dispatcher.delivery.concurrency", "2"),
                runArguments(users));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ChildJvm.Result history = ChildJvm.run(dir, Map.of(), Map.of(), "history", "--json");

        // then: everything delivered, no 401, the credential asked about twice per token lifetime
        assertThat(run.exitCode()).as(String.join("\n", run.output())).isZero();
        assertThat(took).isGreaterThan(TOKEN_LIFETIME.multipliedBy(2));
        assertThat(emulator.acceptedCount()).isEqualTo(users);
        assertThat(IntStream.range(0, users)
                        .filter(i -> emulator.acceptedForUser("offers", "u" + i).size() != 1))
                .isEmpty();
        assertThat(emulator.unauthorizedCount()).isZero();
        long lifetimes = took.toSeconds() / TOKEN_LIFETIME.toSeconds() + 1;
        assertThat(emulator.identityTokensIssued()).isBetween(lifetimes, 2 * lifetimes + 2);
        assertThat(run.output()).anyMatch(line -> line.contains("Entra ID: the system-assigned managed identity"));
        assertNoSecretIn(entra, run.output(), history.output());
    }

    @Test
    void anIdentityEndpointThatIsDownAtStartEndsTheRunWithOneLineNamingIt() throws Exception {
        // given
        EntraMode entra = start(EntraMode.defaults(), Duration.ZERO);
        String down = "http://127.0.0.1:" + freePort() + "/identity/token";

        // when
        ChildJvm.Result run = ChildJvm.run(dir, environment(entra, down), Map.of(), runArguments(3));

        // then
        assertThat(run.exitCode()).as(String.join("\n", run.output())).isEqualTo(4);
        List<String> errors =
                run.output().stream().filter(line -> line.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("cannot get an Entra ID token").contains(down + " (IDENTITY_ENDPOINT)");
        assertThat(run.output()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception:"));
        assertThat(emulator.acceptedCount()).isZero();
        assertNoSecretIn(entra, run.output());
    }

    @Test
    void aTokenForAnotherAudienceFailsFastNamingTheLikelyCause() throws Exception {
        // given
        EntraMode entra =
                start(EntraMode.defaults().withIdentityAudience("https://management.azure.com"), Duration.ZERO);

        // when
        ChildJvm.Result run =
                ChildJvm.run(dir, environment(entra, emulator.identityEndpoint()), Map.of(), runArguments(3));

        // then
        assertThat(run.exitCode()).as(String.join("\n", run.output())).isEqualTo(4);
        assertThat(run.output())
                .filteredOn(line -> line.startsWith("error:"))
                .singleElement()
                .asString()
                .contains("rejected the sends with 401")
                .contains("Entra ID token")
                .contains("30 minutes");
        assertThat(emulator.acceptedCount()).isZero();
        assertNoSecretIn(entra, run.output());
    }

    /** No Entra token (nor the identity header) in the outputs, the reports, or any text file the run left. */
    private void assertNoSecretIn(EntraMode entra, List<String>... outputs) throws IOException {
        List<String> texts = new ArrayList<>();
        for (List<String> output : outputs) {
            texts.add(String.join("\n", output));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(texts)
                .isNotEmpty()
                .noneMatch(text -> JWT.matcher(text).find())
                .noneMatch(text -> text.contains(entra.identitySecret()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
