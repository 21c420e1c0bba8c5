package io.signalranon.dispatcher.operate;

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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code schedule} with a cron of every 2 seconds: a long run makes the next triggers skip, unchanged
 * files are nothing to do, a new file starts a new run, SIGTERM stops it at a chunk boundary as a
 * restartable STOPPED execution and ends the process cleanly; {@code restart} then completes it. A plain
 * {@code run} stops the same way on SIGTERM, with exit code 4. Processes on the default H2 file: the
 * trigger claims' SQL on PostgreSQL is run by two schedulers in {@link TwoDispatchersIntegrationTests}. While a
 * scheduler holds the H2 file open, a second process on it exits 5 and does nothing.
 */
class ScheduleIntegrationTests {

    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Map<String, String> SETTINGS =
            Map.of("dispatcher.delivery.chunk-size", "50", "dispatcher.delivery.concurrency", "4");

    @TempDir
    Path dir;

    private TestDb db;

    @BeforeEach
    void database() {
        db = DatabaseKind.H2.fresh(getClass(), "schedule", dir);
    }

    @Test
    void scheduledRunsDoNotOverlapAndSigtermLeavesARestartableStoppedExecution() throws Exception {
        // given
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.move(
                new SyntheticExports(InputFormat.CSV, 1_500, 10, 2, false, 1)
                        .writeTo(dir.resolve("a"))
                        .get(0),
                in.resolve("a.csv"));
        try (SignalREmulator emulator = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder().latency(Duration.ofMillis(15)).build())
                .build()
                .start()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());

            // when
            ChildJvm scheduler = ChildJvm.dispatcher(
                    dir,
                    env,
                    db.settings(SETTINGS),
                    "schedule",
                    "--cron=*/2 * * * * *",
                    "--input=csv:in",
                    "--offers=" + OFFERS);
            assertThat(scheduler.awaitLine(line -> line.contains("Skipped the trigger at"), 90))
                    .as(String.join("\n", scheduler.output()))
                    .isTrue();
            assertThat(scheduler.awaitLine(line -> line.startsWith("Nothing to do"), 30))
                    .isTrue();
            Files.move(
                    new SyntheticExports(InputFormat.CSV, 1_500, 10, 2, false, 2)
                            .writeTo(dir.resolve("b"))
                            .get(0),
                    in.resolve("b.csv"));
            assertThat(scheduler.awaitLine(line -> line.contains("Read ") && line.contains("b.csv"), 30))
                    .isTrue();
            Thread.sleep(1_500);
            long stopAsked = System.nanoTime();
            scheduler.terminate();
            ChildJvm.Result stopped = scheduler.waitFor(60);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAsked);
            ChildJvm.Result restarted = ChildJvm.run(dir, env, db.settings(SETTINGS), "restart");

            // then
            assertThat(stopped.exitCode()).as(stopped.text()).isZero();
            assertThat(stopMillis).isLessThan(20_000);
            assertThat(stopped.output())
                    .anyMatch(line -> line.startsWith("Stop requested"))
                    .anyMatch(line -> line.startsWith("Run stopped: job instance 2"))
                    .anyMatch(line -> line.contains("Scheduler stopped"));
            List<Map<String, Object>> executions = db.query("SELECT JOB_EXECUTION_ID, STATUS, START_TIME, END_TIME"
                    + " FROM BATCH_JOB_EXECUTION ORDER BY START_TIME");
            assertThat(executions)
                    .extracting(row -> row.get("STATUS"))
                    .containsExactly("COMPLETED", "STOPPED", "COMPLETED");
            for (int i = 1; i < executions.size(); i++) {
                LocalDateTime previousEnd =
                        ((java.sql.Timestamp) executions.get(i - 1).get("END_TIME")).toLocalDateTime();
                LocalDateTime start = ((java.sql.Timestamp) executions.get(i).get("START_TIME")).toLocalDateTime();
                assertThat(start).as("runs do not overlap").isAfterOrEqualTo(previousEnd);
            }
            assertThat(restarted.exitCode()).as(restarted.text()).isZero();
            assertThat(restarted.output())
                    .contains("Restarting execution 2 of job 'dispatch' after its last commit")
                    .anyMatch(line -> line.startsWith("Run completed: job instance 2, execution 3"));
        }
    }

    @Test
    void aScheduleStartsOnAnEmptyExportDirectoryAndPicksUpTheFirstFile() throws Exception {
        // given
        Path in = Files.createDirectories(dir.resolve("in"));
        ChildJvm scheduler =
                ChildJvm.dispatcher(dir, Map.of(), db.settings(), "schedule", "--cron=* * * * * *", "--input=csv:in");
        boolean idle = scheduler.awaitLine(line -> line.equals("Nothing to do: no export files yet"), 60);
        // a second process on the same H2 file (the scheduler holds it open) does nothing
        ChildJvm.Result second = ChildJvm.run(dir, Map.of(), db.settings(), "run", "--input=csv:in");

        // when
        Files.move(
                new SyntheticExports(InputFormat.CSV, 50, 3, 1, false, 4)
                        .writeTo(dir.resolve("a"))
                        .get(0),
                in.resolve("a.csv"));
        boolean ran = scheduler.awaitLine(line -> line.startsWith("Run completed: job instance 1"), 60);
        scheduler.terminate();
        ChildJvm.Result stopped = scheduler.waitFor(60);

        // then
        assertThat(idle).as(stopped.text()).isTrue();
        assertThat(second.exitCode()).as(second.text()).isEqualTo(5);
        assertThat(second.output())
                .containsExactly(
                        "error: another run holds the database (it is open in another process); nothing was done");
        assertThat(ran).as(stopped.text()).isTrue();
        assertThat(stopped.exitCode()).as(stopped.text()).isZero();
        assertThat(stopped.output()).anyMatch(line -> line.equals("No export files yet: --input=csv:in"));
        assertThat(db.query("SELECT COUNT(*) AS N FROM INGESTED_FILE"))
                .extracting(row -> ((Number) row.get("N")).intValue())
                .containsExactly(1);
    }

    @Test
    void aRunStoppedBySigtermExits4AndTheSameCommandResumesItWithoutDuplicates() throws Exception {
        // given
        Path input = new SyntheticExports(InputFormat.CSV, 1_500, 10, 2, false, 3)
                .writeTo(dir.resolve("in"))
                .get(0);
        String[] command = {"run", "--input=csv:" + input, "--offers=" + OFFERS};
        try (SignalREmulator emulator = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder().latency(Duration.ofMillis(15)).build())
                .build()
                .start()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());

            // when
            ChildJvm run = ChildJvm.dispatcher(dir, env, db.settings(SETTINGS), command);
            assertThat(run.awaitLine(line -> line.contains("Sending to SignalR at"), 60))
                    .isTrue();
            Thread.sleep(1_000);
            run.terminate();
            ChildJvm.Result stopped = run.waitFor(60);
            List<Map<String, Object>> afterStop = db.query("SELECT STATUS FROM BATCH_JOB_EXECUTION");
            ChildJvm.Result resumed = ChildJvm.run(dir, env, db.settings(SETTINGS), command);

            // then
            assertThat(stopped.exitCode()).as(stopped.text()).isEqualTo(4);
            assertThat(stopped.output())
                    .anyMatch(line -> line.startsWith("Run stopped: job instance 1, execution 1"))
                    .contains("warning: the run was stopped after its last commit; run the same command again"
                            + " (or 'restart 1') to resume it");
            assertThat(afterStop).extracting(row -> row.get("STATUS")).containsExactly("STOPPED");
            JsonNode report =
                    JsonMapper.builder().build().readTree(Files.readString(dir.resolve("data/reports/1.json")));
            assertThat(report.get("status").asString()).isEqualTo("STOPPED");
            assertThat(report.get("exitCode").asInt()).isEqualTo(4);
            assertThat(resumed.exitCode()).as(resumed.text()).isZero();
            assertThat(resumed.output()).contains("Resuming the interrupted run (execution 1) after its last commit");
            Map<String, Long> perUser = emulator.accepted().stream()
                    .collect(Collectors.groupingBy(AcceptedMessage::userId, Collectors.counting()));
            assertThat(perUser)
                    .hasSizeGreaterThan(1_300)
                    .allSatisfy((user, count) -> assertThat(count).isEqualTo(1));
        }
    }
}
