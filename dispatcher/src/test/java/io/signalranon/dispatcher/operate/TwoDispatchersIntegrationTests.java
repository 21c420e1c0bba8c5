package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.bench.SyntheticExports;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.TestDb;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatchers (two pods, or a cron host and its standby) on one PostgreSQL database: a second
 * {@code run} exits 5 and changes nothing; two {@code schedule} processes on the same cron run every
 * trigger once, on one of them.
 */
class TwoDispatchersIntegrationTests {

    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Map<String, String> SETTINGS =
            Map.of("dispatcher.delivery.chunk-size", "50", "dispatcher.delivery.concurrency", "4");

    @TempDir
    Path dir;

    @BeforeAll
    static void postgresAnswers() {
        DatabaseKind.POSTGRESQL.assumeAvailable();
    }

    @Test
    void aSecondRunWhileTheFirstGoesExits5AndChangesNothing() throws Exception {
        // given
        TestDb db = DatabaseKind.POSTGRESQL.fresh(getClass(), "run", dir);
        Path input = new SyntheticExports(InputFormat.CSV, 2_000, 10, 2, false, 3)
                .writeTo(dir.resolve("in"))
                .get(0);
        Path standby = Files.createDirectories(dir.resolve("standby"));
        String[] command = {"run", "--input=csv:" + input, "--offers=" + OFFERS};
        try (SignalREmulator emulator = slowEmulator()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());

            // when
            ChildJvm first = ChildJvm.dispatcher(dir, env, db.settings(SETTINGS), command);
            assertThat(first.awaitLine(line -> line.contains("Sending to SignalR at"), 90))
                    .as(first.output().toString())
                    .isTrue();
            ChildJvm.Result second = ChildJvm.run(standby, env, db.settings(SETTINGS), command);
            List<String> executionsWhileFirstRuns = db.column("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION");
            ChildJvm.Result firstResult = first.waitFor(180);

            // then
            assertThat(second.exitCode()).as(second.text()).isEqualTo(5);
            assertThat(second.output())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith("error: another process holds the run lock 'jobs' (")
                    .endsWith("); nothing was done");
            assertThat(executionsWhileFirstRuns).hasSize(1);
            assertThat(firstResult.exitCode()).as(firstResult.text()).isZero();
            assertThat(db.column("SELECT STATUS FROM BATCH_JOB_EXECUTION")).containsExactly("COMPLETED");
        }
    }

    @Test
    void twoSchedulersOnTheSameCronRunEveryTriggerOnce() throws Exception {
        // given
        TestDb db = DatabaseKind.POSTGRESQL.fresh(getClass(), "schedule", dir);
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.move(
                new SyntheticExports(InputFormat.CSV, 300, 10, 2, false, 4)
                        .writeTo(dir.resolve("a"))
                        .get(0),
                in.resolve("a.csv"));
        Path standby = Files.createDirectories(dir.resolve("standby"));
        String[] command = {"schedule", "--cron=*/2 * * * * *", "--input=csv:" + in, "--offers=" + OFFERS};
        try (SignalREmulator emulator = slowEmulator()) {
            Map<String, String> env = Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString());

            // when
            ChildJvm one = ChildJvm.dispatcher(dir, env, db.settings(SETTINGS), command);
            ChildJvm other = ChildJvm.dispatcher(standby, env, db.settings(SETTINGS), command);
            for (ChildJvm scheduler : List.of(one, other)) {
                assertThat(scheduler.awaitLine(line -> line.contains("ran on another dispatcher"), 120))
                        .as(scheduler.output().toString())
                        .isTrue();
            }
            assertThat(one.awaitLine(line -> line.startsWith("Nothing to do"), 60)
                            || other.awaitLine(line -> line.startsWith("Nothing to do"), 10))
                    .isTrue();
            one.terminate();
            other.terminate();
            ChildJvm.Result oneResult = one.waitFor(60);
            ChildJvm.Result otherResult = other.waitFor(60);

            // then
            assertThat(oneResult.exitCode()).as(oneResult.text()).isZero();
            assertThat(otherResult.exitCode()).as(otherResult.text()).isZero();
            List<String> ran = new ArrayList<>(triggers(oneResult, "Run triggered at "));
            ran.addAll(triggers(otherResult, "Run triggered at "));
            Set<String> passed = new HashSet<>(triggers(oneResult, "The trigger at "));
            passed.addAll(triggers(otherResult, "The trigger at "));
            assertThat(ran).doesNotHaveDuplicates().isNotEmpty();
            assertThat(db.column("SELECT COUNT(*) FROM SCHEDULE_TRIGGER")).containsExactly(String.valueOf(ran.size()));
            assertThat(passed).isSubsetOf(ran);
            assertThat(db.column("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).containsExactly("1");
            assertThat(db.column("SELECT COUNT(*) FROM OFFER_SENT"))
                    .containsExactly(db.column("SELECT COUNT(DISTINCT USER_ID) FROM OFFER_SENT")
                            .get(0));
        }
    }

    private static SignalREmulator slowEmulator() throws Exception {
        return SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder().latency(Duration.ofMillis(15)).build())
                .build()
                .start();
    }

    /** The trigger instants of the lines starting with {@code prefix}. */
    private static List<String> triggers(ChildJvm.Result result, String prefix) {
        return result.output().stream()
                .map(line -> line.replaceFirst("^\\S+ INFO  ", ""))
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).split(" ")[0].replaceAll(":$", ""))
                .toList();
    }
}
