package io.signalranon.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmulatorJarIntegrationTests {

    static final Path JAR = Path.of("target", "signalr-emulator.jar");

    @Test
    @Timeout(60)
    void theJarPrintsAConnectionStringThatSignsAcceptedSendsAndStopsOnSigterm() throws Exception {
        // given
        assertThat(JAR).exists();
        Process process = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--port", "0", "--key", "my-own-key")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String connectionString = null;
            while (connectionString == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
                if (line.startsWith("Endpoint=")) {
                    connectionString = line;
                }
            }
            assertThat(connectionString).as("output: %s", lines).isNotNull();

            // when
            SendOutcome outcome;
            try (SignalRRestClient client = SignalRRestClient.builder(ConnectionString.parse(connectionString))
                    .build()) {
                outcome = client.sendToUser("offers", "jar-user", "{\"target\":\"offers\",\"arguments\":[]}");
            }
            process.toHandle().destroy();
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }

            // then
            assertThat(connectionString)
                    .startsWith("Endpoint=http://localhost;Port=")
                    .contains("AccessKey=my-own-key");
            assertThat(outcome.status()).isEqualTo(202);
            assertThat(exited).isTrue();
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("stopped: 1 messages accepted, 1 requests"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void invalidUsageExitsWith2InOneLineAndHelpWith0() throws Exception {
        // when
        Process bad = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--fault-429=2")
                .redirectErrorStream(true)
                .start();
        String badOutput = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process unknown = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--port", "0", "--latncy=20")
                .redirectErrorStream(true)
                .start();
        String unknownOutput = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process help = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--help")
                .redirectErrorStream(true)
                .start();
        String helpOutput = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then
        assertThat(bad.waitFor()).isEqualTo(2);
        assertThat(badOutput)
                .isEqualTo(
                        "signalr-emulator: --fault-429 must be a number from 0 to 1, got '2'" + System.lineSeparator());
        assertThat(unknown.waitFor()).isEqualTo(2);
        assertThat(unknownOutput)
                .isEqualTo("signalr-emulator: unknown option --latncy (see --help)" + System.lineSeparator());
        assertThat(help.waitFor()).isZero();
        assertThat(helpOutput)
                .startsWith("Usage: java -jar signalr-emulator.jar [OPTIONS]")
                .contains("--fault-drop=R")
                .contains("--relaxed");
    }

    @Test
    @Timeout(60)
    void aShortVisitorKeyStopsTheStartWithoutShowingItAndNoKeyMeansASaidDevelopmentKey() throws Exception {
        // given
        String shortKey = "c2hvcnQtYnV0LXNlY3JldA==";
        ProcessBuilder withShortKey = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--port", "0", "--demo")
                .redirectErrorStream(true);
        withShortKey.environment().put("SIGNALR_ANON_VISITOR_KEYS", "k1:" + shortKey);
        ProcessBuilder withoutKeys = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--port", "0", "--demo")
                .redirectErrorStream(true);
        withoutKeys.environment().remove("SIGNALR_ANON_VISITOR_KEYS");
        withoutKeys.environment().remove("SIGNALR_ANON_VISITOR_KEYS_FILE");

        // when
        Process refused = withShortKey.start();
        String refusedOutput = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process development = withoutKeys.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(development.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && !line.startsWith("demo page:"); line = out.readLine()) {
                lines.add(line);
            }
        } finally {
            development.destroyForcibly();
        }

        // then
        assertThat(refused.waitFor()).isEqualTo(2);
        assertThat(refusedOutput)
                .contains("SIGNALR_ANON_VISITOR_KEYS: key k1 is 16 bytes long: a visitor key must be at least 32")
                .doesNotContain(shortKey);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("warning: no SIGNALR_ANON_VISITOR_KEYS: visitor cookies are signed with a random"
                                + " development key"));
    }

    @Test
    @Timeout(60)
    void aKeyInTheNegotiateFileExitsWith2InOneLineWithoutTheKey(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(
                dir.resolve("negotiate.json"),
                "{\"hub\": \"offers\", \"keys\": \"k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}");

        // when
        Process refused = new ProcessBuilder(
                        javaBinary(), "-jar", JAR.toString(), "--port", "0", "--negotiate", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then
        assertThat(refused.waitFor()).isEqualTo(2);
        assertThat(output)
                .startsWith("signalr-emulator: " + file + " is not a valid negotiate.json: unknown member 'keys':"
                        + " keys never belong in negotiate.json, they come only from the environment")
                .doesNotContain("AAECAwQF")
                .hasLineCount(1);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
