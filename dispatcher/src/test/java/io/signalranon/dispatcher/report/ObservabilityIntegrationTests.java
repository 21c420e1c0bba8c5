package io.signalranon.dispatcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics, the run report and {@code history}: {@code schedule} and a failed {@code run} of the fat jar in child
 * JVMs (scraped while it runs, its logs checked), {@code reprocess} and {@code history} in-process; against an emulator that
 * fails, throttles and rejects some users: the scrape of {@code schedule}, the report and the tables
 * agree, and none of them carries the access key or a token.
 */
class ObservabilityIntegrationTests {

    private static final String OFFERS = """
            {"placements": [{"id": "hero", "maxItems": 1}],
             "offers": [{"id": "cart-10", "placement": "hero", "priority": 10, "eligibility": "cart",
                         "content": {"title": "private-offer-content"}}]}
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");

    @TempDir
    Path dir;

    private Map<String, String> settings(Integer managementPort) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "dispatcher.delivery.max-attempts", "2",
                "dispatcher.delivery.initial-backoff", "10ms",
                "dispatcher.delivery.max-backoff", "20ms"));
        if (managementPort != null) {
            settings.put("management.server.port", managementPort.toString());
        }
        return settings;
    }

    private void inputs() throws IOException {
        StringBuilder csv = new StringBuilder("user_id,segment,status,timestamp\n");
        for (int i = 0; i < 12; i++) {
            csv.append("u-%02d,cart,enter,2020-01-10T00:00:00Z%n".formatted(i));
        }
        csv.append("u-99,cart,maybe,2020-01-10T00:00:00Z\n");
        Files.writeString(dir.resolve("changes.csv"), csv);
        Files.writeString(dir.resolve("offers.json"), OFFERS);
    }

    @Test
    void theScrapeOfScheduleTheReportAndTheTablesAgreeOnAFaultedRun() throws Exception {
        // given
        inputs();
        int port = freePort();
        try (SignalREmulator emulator = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder()
                        .failFirst("u-03", 2, 503)
                        .failFirst("u-04", 1, 429)
                        .failFirst("u-05", 1, 400)
                        .failFirst("u-06", 2, 0)
                        .build())
                .build()
                .start()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());
            String accessKey = accessKey(emulator.connectionString());

            // when
            ChildJvm scheduler = ChildJvm.dispatcher(
                    dir,
                    env,
                    settings(port),
                    "schedule",
                    "--cron=*/2 * * * * *",
                    "--input=csv:changes.csv",
                    "--offers=offers.json",
                    "--as-of=2020-01-15T00:00:00Z");
            assertThat(scheduler.awaitLine(line -> line.contains("ended with exit code 3"), 120))
                    .as(String.join("\n", scheduler.output()))
                    .isTrue();
            HttpResponse<String> health = get(port, "/actuator/health");
            HttpResponse<String> scrape = get(port, "/actuator/prometheus");
            scheduler.terminate();
            ChildJvm.Result stopped = scheduler.waitFor(60);
            int accepted = emulator.accepted().size();
            ChildJvm.Result reprocess = InProcessDispatcher.run(
                    dir, env, settings(null), "reprocess", "--report=" + dir.resolve("out/reprocess.json"));
            ChildJvm.Result history = InProcessDispatcher.run(dir, Map.of(), Map.of(), "history");
            ChildJvm.Result historyJson =
                    InProcessDispatcher.run(dir, Map.of(), Map.of(), "history", "--json", "--last=1");

            // then
            assertThat(stopped.exitCode()).as(stopped.text()).isZero();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(scrape.statusCode()).isEqualTo(200);
            Map<String, Double> metrics = samples(scrape.body());
            JsonNode report = JSON.readTree(Files.readString(dir.resolve("data/reports/1.json")));
            JsonNode dispatch = step(report, "dispatch");
            long failedRows = (Long) DatabaseKind.H2
                    .fresh(getClass(), "observability", dir)
                    .query("SELECT COUNT(*) AS N FROM FAILED_SEND")
                    .get(0)
                    .get("N");

            assertThat(report.get("exitCode").asInt()).isEqualTo(3);
            assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(report.get("messages").get("delivered").asLong())
                    .isEqualTo(9)
                    .isEqualTo(dispatch.get("messagesDelivered").asLong())
                    .isEqualTo(accepted);
            assertThat(report.get("messages").get("failed").asLong())
                    .isEqualTo(3)
                    .isEqualTo(failedRows);
            assertThat(metrics)
                    .containsEntry("dispatcher_messages_delivered_total{job=\"dispatch\",status_class=\"2xx\"}", 9.0)
                    .containsEntry("dispatcher_messages_failed_total{job=\"dispatch\",status_class=\"4xx\"}", 1.0)
                    .containsEntry("dispatcher_messages_failed_total{job=\"dispatch\",status_class=\"none\"}", 1.0)
                    .containsEntry("dispatcher_messages_failed_total{job=\"dispatch\",status_class=\"5xx\"}", 1.0)
                    .containsEntry(
                            "dispatcher_send_attempts_total{job=\"dispatch\",outcome=\"delivered\"}",
                            dispatch.get("attempts").get("delivered").asDouble())
                    .containsEntry(
                            "dispatcher_send_attempts_total{job=\"dispatch\",outcome=\"throttled\"}",
                            dispatch.get("attempts").get("throttled").asDouble())
                    .containsEntry(
                            "dispatcher_send_attempts_total{job=\"dispatch\",outcome=\"retryable\"}",
                            dispatch.get("attempts").get("retryable").asDouble())
                    .containsEntry(
                            "dispatcher_send_attempts_total{job=\"dispatch\",outcome=\"permanent\"}",
                            dispatch.get("attempts").get("permanent").asDouble())
                    .containsEntry(
                            "dispatcher_ingest_rows_read_total{format=\"csv\"}",
                            step(report, "ingest")
                                    .get("inputs")
                                    .get(0)
                                    .get("rowsRead")
                                    .asDouble())
                    .containsEntry(
                            "dispatcher_ingest_rows_skipped_total{format=\"csv\",reason=\"unknown status\"}", 1.0)
                    .containsEntry("dispatcher_send_in_flight", 0.0)
                    .containsKey("dispatcher_send_concurrency")
                    .containsKey("dispatcher_send_latency_seconds_count{job=\"dispatch\"}")
                    .containsKey("dispatcher_send_latency_seconds{job=\"dispatch\",quantile=\"0.99\"}")
                    .containsKey(
                            "spring_batch_job_seconds_count{error=\"none\",spring_batch_job_name=\"dispatch\",spring_batch_job_status=\"COMPLETED\"}");
            assertThat(metrics.keySet())
                    .as("Spring Batch's chunk timers, and none per item (off by default)")
                    .anyMatch(sample -> sample.startsWith("spring_batch_chunk_write_seconds_count{"))
                    .noneMatch(sample -> sample.startsWith("spring_batch_item_"));
            assertThat(step(report, "ingest")
                            .get("inputs")
                            .get(0)
                            .get("rowsRead")
                            .asLong())
                    .isEqualTo(12);
            assertThat(dispatch.get("attempts").get("throttled").asLong()).isEqualTo(1);
            assertThat(dispatch.get("attempts").get("permanent").asLong()).isEqualTo(1);
            assertThat(dispatch.get("attempts").get("retryable").asLong()).isEqualTo(4);
            assertThat(dispatch.get("attempts").get("total").asLong())
                    .isEqualTo(metrics.get("dispatcher_send_latency_seconds_count{job=\"dispatch\"}")
                            .longValue());
            assertThat(stopped.output())
                    .contains(
                            "  messages sent 9, failed 3 (no response: 1, status 400: 1, status 503: 1), send attempts 15");
            assertThat(report.get("topFailureReasons")).hasSize(3);

            assertThat(reprocess.exitCode()).as(reprocess.text()).isZero();
            JsonNode reprocessReport = JSON.readTree(Files.readString(dir.resolve("out/reprocess.json")));
            assertThat(reprocessReport.get("job").asString()).isEqualTo("reprocess");
            assertThat(reprocessReport.get("exitCode").asInt()).isZero();
            assertThat(reprocessReport.get("messages").get("delivered").asLong())
                    .isEqualTo(3);

            assertThat(history.exitCode()).isZero();
            assertThat(history.output().get(0))
                    .matches("EXECUTION +JOB +START +DURATION +STATUS +EXIT +DELIVERED +FAILED");
            List<String> rows = history.output().subList(1, history.output().size());
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).matches("2 +reprocess +20\\d\\d-\\S+Z +[0-9.]+ s +completed +0 +3 +0");
            assertThat(rows.get(1)).matches("1 +dispatch +20\\d\\d-\\S+Z +[0-9.]+ s +completed +3 +9 +3");
            assertThat(historyJson.output()).hasSize(1);
            JsonNode newest = JSON.readTree(historyJson.output().get(0));
            assertThat(newest.get("executionId").asLong()).isEqualTo(2);
            assertThat(newest.get("exitCode").asInt()).isZero();
            assertThat(newest.get("messagesDelivered").asLong()).isEqualTo(3);

            String everything = String.join(
                    "\n",
                    stopped.text(),
                    reprocess.text(),
                    history.text(),
                    historyJson.text(),
                    scrape.body(),
                    Files.readString(dir.resolve("data/reports/1.json")),
                    Files.readString(dir.resolve("out/reprocess.json")));
            assertThat(everything)
                    .doesNotContain(accessKey)
                    .doesNotContainIgnoringCase("bearer")
                    .doesNotContain("eyJ")
                    .doesNotContain("private-offer-content");
        }
    }

    @Test
    void aFailedRunWritesItsReportWithExitCode4PushesItsMetricsByOtlpAndTheReportKeepsItsShape() throws Exception {
        // given
        inputs();
        List<String> pushed = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            pushed.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (SignalREmulator emulator =
                SignalREmulator.builder().port(0).build().start()) {
            String wrongKey = emulator.connectionString().replaceAll("AccessKey=[^;]*", "AccessKey=" + "A".repeat(44));

            // when
            ChildJvm.Result failed = ChildJvm.run(
                    dir,
                    Map.of("SIGNALR_CONNECTION_STRING", wrongKey),
                    settings(null),
                    "run",
                    "--input=csv:changes.csv",
                    "--offers=offers.json",
                    "--report=failed.json",
                    "--management.otlp.metrics.export.url=http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/v1/metrics");
            receiver.stop(0);

            // then
            assertThat(failed.exitCode()).as(failed.text()).isEqualTo(4);
            assertThat(failed.output()).contains("Report: failed.json");
            JsonNode report = JSON.readTree(Files.readString(dir.resolve("failed.json")));
            assertThat(fields(report))
                    .containsExactly(
                            "reportVersion",
                            "executionId",
                            "jobInstanceId",
                            "job",
                            "parameters",
                            "status",
                            "exitStatus",
                            "exitCode",
                            "startTime",
                            "endTime",
                            "durationSeconds",
                            "messages",
                            "steps",
                            "topFailureReasons");
            assertThat(report.get("status").asString()).isEqualTo("FAILED");
            assertThat(report.get("exitCode").asInt()).isEqualTo(4);
            assertThat(fields(report.get("parameters")))
                    .containsExactly("all", "dry-run", "force", "inputs", "offers", "run.key")
                    .doesNotContain("connection-string");
            List<String> common = List.of(
                    "name",
                    "status",
                    "startTime",
                    "endTime",
                    "durationSeconds",
                    "readCount",
                    "writeCount",
                    "filterCount",
                    "readSkipCount",
                    "processSkipCount",
                    "writeSkipCount",
                    "skipCount",
                    "commitCount",
                    "rollbackCount");
            assertThat(fields(step(report, "ingest"))).containsExactlyElementsOf(concat(common, "inputs"));
            assertThat(fields(step(report, "ingest").get("inputs").get(0)))
                    .containsExactly(
                            "input",
                            "files",
                            "filesAlreadyIngested",
                            "rowsRead",
                            "rowsSkipped",
                            "rowsSkippedByReason",
                            "membershipsChanged");
            assertThat(fields(step(report, "targets"))).containsExactlyElementsOf(concat(common, "usersTargeted"));
            assertThat(fields(step(report, "dispatch")))
                    .containsExactlyElementsOf(concat(
                            common,
                            "messagesDelivered",
                            "messagesFailed",
                            "messagesPlanned",
                            "attempts",
                            "usersWithheld",
                            "messagesPerSecond"));
            assertThat(fields(step(report, "dispatch").get("attempts")))
                    .containsExactly("total", "delivered", "throttled", "retryable", "permanent");
            assertThat(fields(step(report, "dispatch").get("usersWithheld")))
                    .containsExactly("holdout", "suppressed", "noConsent");
            assertThat(step(report, "dispatch").get("status").asString()).isEqualTo("FAILED");
            assertThat(pushed).as("one OTLP push when the context closes").isNotEmpty();
            assertThat(String.join("", pushed)).contains("dispatcher.send.attempts", "spring.batch.job");
            assertThat(String.join("\n", failed.output())
                            + Files.readString(dir.resolve("failed.json"))
                            + String.join("", pushed))
                    .doesNotContain("A".repeat(44))
                    .doesNotContainIgnoringCase("bearer");
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static JsonNode step(JsonNode report, String name) {
        for (JsonNode step : report.get("steps")) {
            if (step.get("name").asString().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + report);
    }

    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                samples.put(
                        sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    private static String accessKey(String connectionString) {
        Matcher key = Pattern.compile("AccessKey=([^;]+)").matcher(connectionString);
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
