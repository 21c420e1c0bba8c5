package io.signalranon.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
    void invalidUsageExitsWith2AndHelpWith0() throws Exception {
        // when
        Process bad = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--fault-429=2")
                .redirectErrorStream(true)
                .start();
        String badOutput = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process help = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--help")
                .redirectErrorStream(true)
                .start();
        String helpOutput = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then
        assertThat(bad.waitFor()).isEqualTo(2);
        assertThat(badOutput).contains("--fault-429 must be a number from 0 to 1");
        assertThat(help.waitFor()).isZero();
        assertThat(helpOutput).contains("--fault-drop=R").contains("--relaxed");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
