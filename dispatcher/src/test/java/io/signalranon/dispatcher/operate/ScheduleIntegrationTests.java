package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.sample.SyntheticExports;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.H2Files;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schedule} with a cron of every 2 seconds: a long run makes the next triggers skip, unchanged
 * files are nothing to do, a new file starts a new run, SIGTERM stops it at a chunk boundary as a
 * restartable STOPPED execution and ends the process cleanly; {@code restart} then completes it.
 */
class ScheduleIntegrationTests {

    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Map<String, String> SETTINGS = Map.of("dispatcher.delivery.chunk-size", "50",
            "dispatcher.delivery.concurrency", "4");

    @TempDir
    Path dir;

    @Test
    void scheduledRunsDoNotOverlapAndSigtermLeavesARestartableStoppedExecution() throws Exception {
        // given
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.move(new SyntheticExports(InputFormat.CSV, 1_500, 10, 2, false, 1).writeTo(dir.resolve("a")).get(0),
                in.resolve("a.csv"));
        try (SignalREmulator emulator = SignalREmulator.builder().port(0)
                .faultPlan(FaultPlan.builder().latency(Duration.ofMillis(15)).build()).build().start()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());

            // when
            ChildJvm scheduler = ChildJvm.dispatcher(dir, env, SETTINGS, "schedule", "--cron=*/2 * * * * *",
                    "--input=csv:in", "--offers=" + OFFERS);
            assertThat(scheduler.awaitLine(line -> line.contains("Skipped the trigger at"), 90))
                    .as(String.join("\n", scheduler.output())).isTrue();
            assertThat(scheduler.awaitLine(line -> line.startsWith("Nothing to do"), 30)).isTrue();
            Files.move(new SyntheticExports(InputFormat.CSV, 1_500, 10, 2, false, 2).writeTo(dir.resolve("b")).get(0),
                    in.resolve("b.csv"));
            assertThat(scheduler.awaitLine(line -> line.contains("Read ") && line.contains("b.csv"), 30)).isTrue();
            Thread.sleep(1_500);
            long stopAsked = System.nanoTime();
            scheduler.terminate();
            ChildJvm.Result stopped = scheduler.waitFor(60);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAsked);
            ChildJvm.Result restarted = ChildJvm.run(dir, env, SETTINGS, "restart");

            // then
            assertThat(stopped.exitCode()).as(stopped.text()).isZero();
            assertThat(stopMillis).isLessThan(20_000);
            assertThat(stopped.output()).anyMatch(line -> line.startsWith("Stop requested"))
                    .anyMatch(line -> line.startsWith("Run stopped: job instance 2"))
                    .anyMatch(line -> line.contains("Scheduler stopped"));
            List<Map<String, Object>> executions = H2Files.query(dir, "SELECT JOB_EXECUTION_ID, STATUS, START_TIME, END_TIME"
                    + " FROM BATCH_JOB_EXECUTION ORDER BY START_TIME");
            assertThat(executions).extracting(row -> row.get("STATUS")).containsExactly("COMPLETED", "STOPPED", "COMPLETED");
            for (int i = 1; i < executions.size(); i++) {
                LocalDateTime previousEnd = ((java.sql.Timestamp) executions.get(i - 1).get("END_TIME")).toLocalDateTime();
                LocalDateTime start = ((java.sql.Timestamp) executions.get(i).get("START_TIME")).toLocalDateTime();
                assertThat(start).as("runs do not overlap").isAfterOrEqualTo(previousEnd);
            }
            assertThat(restarted.exitCode()).as(restarted.text()).isZero();
            assertThat(restarted.output()).contains("Restarting execution 2 of job 'dispatch' after its last commit")
                    .anyMatch(line -> line.startsWith("Run completed: job instance 2, execution 3"));
        }
    }
}
