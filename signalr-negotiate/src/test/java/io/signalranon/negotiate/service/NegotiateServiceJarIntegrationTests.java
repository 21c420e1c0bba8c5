package io.signalranon.negotiate.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.negotiate.contract.ContractRequest;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.contract.NegotiateTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract against {@code java -jar signalr-negotiate.jar} in its own process, plus what only the
 * process shows: the health probe, the access log, the stop on SIGTERM.
 */
class NegotiateServiceJarIntegrationTests extends NegotiateContract {

    private static final Path JAR = Path.of("target", "signalr-negotiate.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

    @Override
    protected NegotiateTarget start(String negotiateJson, String visitorKeys) throws Exception {
        ServiceProcess service = ServiceProcess.start(negotiateJson, visitorKeys);
        return new HttpNegotiateTarget(
                URI.create("http://127.0.0.1:" + service.port + "/api/negotiate"), service::stop);
    }

    @Test
    void answersTheHealthProbeLogsOneLinePerNegotiateWithoutSecretsAndStopsOnSigterm() throws Exception {
        // given
        ServiceProcess service = ServiceProcess.start(NEGOTIATE_JSON, VISITOR_KEYS);
        HttpClient http = HttpClient.newHttpClient();
        String cookieValue = "v1.d2ViLTE0NTc1MDA2.9999999999.k2.bogus";

        // when
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var negotiate = new HttpNegotiateTarget(
                        URI.create("http://127.0.0.1:" + service.port + "/api/negotiate"), () -> {})
                .send(ContractRequest.post()
                        .header("Origin", SHOP)
                        .header("Cookie", "sa_vid=" + cookieValue)
                        .query("userid=web-1"));
        String token = negotiate.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
        String visitorId = negotiate.body().replaceAll(".*\"visitorId\":\"([^\"]+)\".*", "$1");
        String newCookie = negotiate.header("Set-Cookie").orElseThrow().replaceAll("^sa_vid=([^;]+);.*", "$1");
        int exit = service.stop();

        // then
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(negotiate.status()).isEqualTo(200);
        assertThat(visitorId).matches("v-[A-Za-z0-9_-]{22}");
        assertThat(newCookie).startsWith("v1.").doesNotContain(";");
        assertThat(exit).as("128 + SIGTERM, as a JVM stopped by SIGTERM exits").isEqualTo(143);
        String out = service.output();
        assertThat(out.lines().filter(line -> line.contains("negotiate 200 POST /api/negotiate")))
                .singleElement()
                .asString()
                .contains("client=127.0.0.1", "origin=https://shop.example", "cookie=set");
        assertThat(out)
                .contains("signalr-negotiate stopped: 1 negotiates answered")
                .doesNotContain(token, cookieValue, "web-1", ACCESS_KEY, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
                .doesNotContain(visitorId, newCookie);
    }

    /** The service jar in a process of its own, its output collected. */
    private static final class ServiceProcess {

        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final int port;
        private final Thread reader;

        private ServiceProcess(Process process) throws Exception {
            this.process = process;
            this.reader = new Thread(() -> copy(process.getInputStream()), "negotiate-service-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Matcher matcher = LISTENING.matcher("");
            while (!(matcher = LISTENING.matcher(output)).find()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the negotiate service did not start: " + output);
                }
                Thread.sleep(20);
            }
            this.port = Integer.parseInt(matcher.group(1));
        }

        static ServiceProcess start(String negotiateJson, String visitorKeys) throws Exception {
            Path dir = Files.createTempDirectory("negotiate-service");
            Path file = dir.resolve("negotiate.json");
            Files.writeString(file, negotiateJson);
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            JAR.toString(),
                            "--negotiate=" + file,
                            "--port=0",
                            "--host=127.0.0.1")
                    .redirectErrorStream(true);
            builder.environment().remove("AzureSignalRConnectionString");
            builder.environment().remove("SIGNALR_ANON_VISITOR_KEYS_FILE");
            builder.environment().put("SIGNALR_CONNECTION_STRING", CONNECTION_STRING);
            builder.environment().put("SIGNALR_ANON_VISITOR_KEYS", visitorKeys);
            return new ServiceProcess(builder.start());
        }

        private void copy(InputStream in) {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                output.append("(output lost: ").append(e.getMessage()).append(')');
            }
        }

        /** SIGTERM, then the exit code. */
        int stop() throws Exception {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output stream
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the negotiate service did not stop within 20 s on SIGTERM");
            }
            reader.join(5000);
            return process.exitValue();
        }

        String output() {
            return output.toString();
        }
    }
}
