package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.bench.SyntheticExports;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.TestDb;
import io.signalranon.emulator.AcceptedMessage;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM against a service that throttles at random (most sends answered 429 with
 * {@code Retry-After: 1}, so every send also waits for the gate's pauses): the run stops within its
 * stop timeout as STOPPED, with exit code 4 and its run report, and the messages it had not sent are
 * sent by the resumed run, each user's once. One database: the SQL is covered on both elsewhere.
 */
class StopUnderThrottlingIntegrationTests {

    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestDb db;

    @BeforeEach
    void database() {
        db = DatabaseKind.H2.fresh(getClass(), "stop", dir);
    }

    @Test
    void sigtermStopsARunWithinItsStopTimeoutWhateverTheServiceDoesAndTheResumedRunSendsTheRest() throws Exception {
        // given: 2,000 users; a service that throttles 70% of the sends at random, with Retry-After: 1
        Path input = new SyntheticExports(InputFormat.CSV, 2_000, 10, 2, false, 3)
                .writeTo(dir.resolve("in"))
                .get(0);
        String[] command = {"run", "--input=csv:" + input, "--offers=" + OFFERS};
        Map<String, String> settings = new HashMap<>(Map.of(
                "dispatcher.delivery.chunk-size",
                "500",
                "dispatcher.run.stop-timeout",
                STOP_TIMEOUT.toSeconds() + "s"));
        try (SignalREmulator throttling = SignalREmulator.builder()
                        .port(0)
                        .faultPlan(FaultPlan.builder()
                                .seed(11)
                                .throttleWithRetryAfter(0.70)
                                .latency(Duration.ofMillis(5))
                                .build())
                        .build()
                        .start();
                SignalREmulator healthy =
                        SignalREmulator.builder().port(0).build().start()) {

            // when: SIGTERM once sends are under way
            ChildJvm run = ChildJvm.dispatcher(
                    dir,
                    Map.of("SIGNALR_CONNECTION_STRING", throttling.connectionString()),
                    db.settings(settings),
                    command);
            assertThat(run.awaitLine(line -> line.contains("Sending to SignalR at"), 60))
                    .isTrue();
            Thread.sleep(2_000);
            long signalled = System.nanoTime();
            run.terminate();
            ChildJvm.Result stopped = run.waitFor(STOP_TIMEOUT.toSeconds() + 30);
            Duration toStop = Duration.ofNanos(System.nanoTime() - signalled);
            List<Map<String, Object>> afterStop = db.query("SELECT STATUS FROM BATCH_JOB_EXECUTION");
            long pendingAfterStop = ((Number) db.query("SELECT COUNT(*) AS N FROM PENDING_SEND")
                            .get(0)
                            .get("N"))
                    .longValue();
            ChildJvm.Result resumed = ChildJvm.run(
                    dir,
                    Map.of("SIGNALR_CONNECTION_STRING", healthy.connectionString()),
                    db.settings(settings),
                    command);

            // then: stopped in time, cleanly, and reported
            assertThat(stopped.exitCode()).as(stopped.text()).isEqualTo(4);
            assertThat(toStop).isLessThan(STOP_TIMEOUT);
            assertThat(stopped.output()).noneMatch(line -> line.contains("did not stop within"));
            assertThat(afterStop).extracting(row -> row.get("STATUS")).containsExactly("STOPPED");
            JsonNode report =
                    JsonMapper.builder().build().readTree(Files.readString(dir.resolve("data/reports/1.json")));
            assertThat(report.get("status").asString()).isEqualTo("STOPPED");
            // and the resumed run sent every user not sent before, none twice, nothing recorded as failed
            assertThat(resumed.exitCode()).as(resumed.text()).isZero();
            Map<String, Long> perUser = Stream.concat(throttling.accepted().stream(), healthy.accepted().stream())
                    .collect(Collectors.groupingBy(AcceptedMessage::userId, Collectors.counting()));
            assertThat(perUser)
                    .allSatisfy((user, count) -> assertThat(count).as(user).isEqualTo(1));
            long targeted = ((Number) db.query("SELECT COUNT(*) AS N FROM OFFER_SENT")
                            .get(0)
                            .get("N"))
                    .longValue();
            assertThat(perUser).hasSize((int) targeted);
            assertThat(db.query("SELECT COUNT(*) AS N FROM FAILED_SEND").get(0).get("N"))
                    .isEqualTo(0L);
            assertThat(db.query("SELECT COUNT(*) AS N FROM PENDING_SEND").get(0).get("N"))
                    .isEqualTo(0L);
            assertThat(pendingAfterStop)
                    .as("messages the stopped run left for the resumed one")
                    .isPositive();
        }
    }
}
