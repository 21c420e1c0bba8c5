package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.bench.SyntheticExports;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.offer.Holdout;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.EmulatorProcess;
import io.signalranon.dispatcher.support.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills the dispatcher (SIGKILL) at random points of the dispatch step against an emulator in its own
 * process, runs the same command again, and checks the record: every targeted user delivered or recorded
 * as failed, duplicates only from the chunk in flight, each with its original messageId. (A second process
 * on the same H2 file exits 5: {@link ScheduleIntegrationTests}.) A dispatcher on another host takes over
 * a killed run once its lease has ended, and finishes it with the same record. The killed runs use the
 * default H2 file (the file lock keeps the second process out); the takeover, where hosts share a database,
 * PostgreSQL.
 */
class KillDuringDispatchIntegrationTests {

    private static final int CHUNK = 50;
    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Holdout SAMPLE_HOLDOUT = new Holdout(5, "2026-q4");
    private static final Map<String, String> SETTINGS = Map.of(
            "dispatcher.delivery.chunk-size",
            Integer.toString(CHUNK),
            "dispatcher.delivery.concurrency",
            "16",
            "dispatcher.delivery.max-attempts",
            "3",
            "dispatcher.delivery.initial-backoff",
            "10ms",
            "dispatcher.delivery.max-backoff",
            "50ms",
            "dispatcher.delivery.max-retry-after",
            "50ms");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /**
     * Seeds 1, 2, 3 in the build; {@code -Dkill.seeds=20} on demand ({@code dispatcher/bench/kill-seeds.sh}). Every
     * third seed is killed during ingest (or the targets step), the others while they send; every fifth sends to
     * a service that also answers 30% of the sends 429.
     */
    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES) // 20 seeds on demand; 3 take about two minutes
    void runsKilledDuringDispatchResumeWithEveryUserDeliveredOrRecorded() throws Exception {
        int seeds = Integer.getInteger("kill.seeds", 3);
        for (long seed = 1; seed <= seeds; seed++) {
            killAndResume(seed, Files.createDirectories(dir.resolve("seed-" + seed)));
        }
    }

    /** The command of a run on an export of 3,000 users (seeded) written into {@code work}. */
    private static String[] runOf3000Users(Path work, long seed) throws IOException {
        Path input = new SyntheticExports(InputFormat.CSV, 3_000, 10, 2, false, seed)
                .writeTo(work.resolve("in"))
                .get(0);
        return new String[] {"run", "--input=csv:" + input, "--offers=" + OFFERS};
    }

    /**
     * An emulator 20 ms away that answers 2% of sends 503 (seeded) and user-7 always 400, recording; when
     * {@code throttling}, 30% of the sends answered 429 too.
     */
    private static EmulatorProcess faultyEmulator(Path work, long seed, boolean throttling)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(
                List.of("--latency-ms=20", "--fault-503=0.02", "--seed=" + seed, "--fail-first=user-7:1000:400"));
        if (throttling) {
            options.add("--fault-429=0.3");
        }
        return EmulatorProcess.start(work, work.resolve("record.ndjson"), options.toArray(String[]::new));
    }

    private void killAndResume(long seed, Path work) throws Exception {
        // given
        String[] command = runOf3000Users(work, seed);
        boolean duringIngest = seed % 3 == 0;
        boolean throttling = seed % 5 == 0;
        EmulatorProcess emulator = faultyEmulator(work, seed, throttling);
        Random random = new Random(seed);
        TestDb db = DatabaseKind.H2.fresh(getClass(), "seed" + seed, work);
        Map<String, String> settings = db.settings(SETTINGS);

        // when
        ChildJvm first = ChildJvm.dispatcher(work, emulator.env(), settings, command);
        String killedAt = duringIngest ? "[execution 1]" : "Sending to SignalR at";
        assertThat(first.awaitLine(line -> line.contains(killedAt), 60))
                .as(first.output().toString())
                .isTrue();
        int after = random.nextInt(duringIngest ? 150 : 2_000); // the 3,000 rows take about 200 ms to ingest
        Thread.sleep(after);
        first.kill();
        String phase = first.output().stream().anyMatch(line -> line.contains("Sending to SignalR at"))
                ? "dispatch"
                : "ingest or targets";
        ChildJvm.Result resumed = ChildJvm.run(work, emulator.env(), settings, command);
        List<String> record = emulator.stopAndReadRecord();

        // then
        assertThat(first.output()).noneMatch(line -> line.startsWith("Run completed"));
        assertThat(resumed.exitCode()).as(resumed.text()).isEqualTo(3);
        assertThat(resumed.output())
                .anyMatch(line -> line.startsWith("Recovered execution 1 of job 'dispatch'"))
                .anyMatch(line -> line.startsWith("Run completed"));
        Counts counts = assertEveryTargetDeliveredOrRecorded("seed " + seed, db, record);
        System.out.printf(
                "kill seed %d: killed in %s %d ms after '%s'%s; resumed exit %d; %d targets: %d delivered,"
                        + " %d recorded as failed, 0 lost, %d delivered again (same messageId)%n",
                seed,
                phase,
                after,
                killedAt,
                throttling ? ", service answering 30% 429" : "",
                resumed.exitCode(),
                counts.targets(),
                counts.delivered(),
                counts.failed(),
                counts.duplicates());
    }

    private record Counts(int targets, int delivered, int failed, long duplicates) {}

    @Test
    void aDispatcherOnAnotherHostTakesOverAKilledRunOnceItsLeaseEndsAndFinishesIt() throws Exception {
        // given: a dispatcher on host "pod-a" that holds the run lock with a short lease, and a standby
        // "pod-b" (its own folder where the database is shared; H2 is a file in the working folder)
        Path work = Files.createDirectories(dir.resolve("takeover"));
        String[] command = runOf3000Users(work, 4);
        EmulatorProcess emulator = faultyEmulator(work, 4, false);
        TestDb db = DatabaseKind.POSTGRESQL.fresh(getClass(), "takeover", work);
        Path standby = Files.createDirectories(work.resolve("standby"));
        Map<String, String> podA = db.settings(withLease("pod-a"));
        Map<String, String> podB = db.settings(withLease("pod-b"));

        // when: pod-a is killed while it sends
        ChildJvm holder = ChildJvm.dispatcher(work, emulator.env(), podA, command);
        assertThat(holder.awaitLine(line -> line.contains("dispatch: "), 90))
                .as(holder.output().toString())
                .isTrue();
        holder.kill();
        Instant leaseEnd = leaseEnd(db);
        // pod-b, started at once, finds the lease of a process it cannot see: it may take over only once
        // the lease has ended (a slow start may come after that)
        ChildJvm.Result early = ChildJvm.run(standby, emulator.env(), podB, command);
        System.out.println("pod-b started at once " + (early.exitCode() == 5 ? "exited 5" : "ran"));
        if (early.exitCode() == 5) {
            assertThat(early.output())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith("error: another process holds the run lock 'jobs' (")
                    .endsWith("); nothing was done");
            assertThat(db.column("SELECT STATUS FROM BATCH_JOB_EXECUTION")).containsExactly("STARTED");
            while (!Instant.now().isAfter(leaseEnd.plusMillis(200))) {
                Thread.sleep(100);
            }
        }
        ChildJvm.Result resumed = early.exitCode() == 5 ? ChildJvm.run(standby, emulator.env(), podB, command) : early;
        List<String> record = emulator.stopAndReadRecord();

        // then: pod-b recovered pod-a's execution and finished it, and freed the lock
        assertThat(holder.output()).noneMatch(line -> line.startsWith("Run completed"));
        assertThat(resumed.exitCode()).as(resumed.text()).isEqualTo(3);
        assertThat(resumed.output())
                .anyMatch(line -> line.startsWith("Recovered execution 1 of job 'dispatch'"))
                .anyMatch(line -> line.startsWith("Run completed"));
        assertThat(db.column("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
                .containsExactly("FAILED", "COMPLETED");
        assertThat(db.column("SELECT COUNT(*) FROM RUN_LOCK WHERE OWNER IS NOT NULL"))
                .containsExactly("0");
        assertThat(recoveredAt(db)).as("recovered once the lease had ended").isAfter(leaseEnd);
        assertEveryTargetDeliveredOrRecorded("takeover", db, record);
    }

    private static Map<String, String> withLease(String host) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put("dispatcher.run.lock-lease", "6s");
        settings.put("dispatcher.run.host", host);
        return settings;
    }

    /** The end of the run lock's lease, as its (killed) holder last renewed it. */
    private static Instant leaseEnd(TestDb db) {
        List<Map<String, Object>> held = db.query("SELECT OWNER, EXPIRES_AT FROM RUN_LOCK WHERE NAME = 'jobs'");
        assertThat(held)
                .singleElement()
                .satisfies(row -> assertThat(String.valueOf(row.get("OWNER"))).startsWith("pod-a:"));
        Object end = held.get(0).get("EXPIRES_AT");
        return end instanceof OffsetDateTime time ? time.toInstant() : ((Timestamp) end).toInstant();
    }

    /** When the first execution was recovered (its end), right after its recoverer took the run lock. */
    private static Instant recoveredAt(TestDb db) {
        Object end = db.query("SELECT END_TIME FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = 1")
                .get(0)
                .get("END_TIME");
        assertThat(end).as("END_TIME of the recovered execution").isNotNull();
        LocalDateTime local = end instanceof Timestamp time ? time.toLocalDateTime() : (LocalDateTime) end;
        return local.atZone(ZoneId.systemDefault()).toInstant();
    }

    /**
     * Every targeted user (not withheld, not held out) delivered or recorded as failed, duplicates only
     * from the chunk in flight, each with its original messageId.
     */
    private Counts assertEveryTargetDeliveredOrRecorded(String run, TestDb db, List<String> record) {
        Map<String, Set<String>> messageIds = new HashMap<>();
        Map<String, Integer> deliveries = new HashMap<>();
        for (String line : record) {
            JsonNode message = JSON.readTree(line);
            String user = message.get("userId").asString();
            deliveries.merge(user, 1, Integer::sum);
            messageIds
                    .computeIfAbsent(user, k -> new HashSet<>())
                    .add(message.get("arguments").get(0).get("messageId").asString());
        }
        Set<String> failed = new HashSet<>(db.column("SELECT USER_ID FROM FAILED_SEND"));
        Set<String> expected = new HashSet<>(db.column("SELECT USER_ID FROM DISPATCH_TARGET WHERE WITHHELD IS NULL"));
        expected.removeIf(SAMPLE_HOLDOUT::holdsOut);
        assertThat(expected).hasSizeGreaterThan(2_000);
        assertThat(failed).contains("user-7");
        // a send whose answer was lost (the process killed, a timeout) may have been delivered and still count as
        // failed after its last attempt: shown, not refused
        List<String> deliveredAndFailed = db
                .column("SELECT USER_ID || ' (status ' || STATUS || ', ' || ATTEMPTS"
                        + " || ' attempts)' FROM FAILED_SEND WHERE USER_ID <> 'user-7'")
                .stream()
                .filter(row -> deliveries.containsKey(row.substring(0, row.indexOf(' '))))
                .toList();
        if (!deliveredAndFailed.isEmpty()) {
            System.out.printf("%s: delivered and also recorded as failed: %s%n", run, deliveredAndFailed);
        }
        Set<String> reached = new HashSet<>(deliveries.keySet());
        reached.addAll(failed);
        assertThat(reached)
                .as("%s: every targeted user delivered or recorded", run)
                .isEqualTo(expected);
        long duplicates = deliveries.values().stream()
                .filter(count -> count > 1)
                .mapToLong(count -> count - 1)
                .sum();
        assertThat(duplicates)
                .as("%s: duplicates only from the chunk in flight (users, or messages left pending)", run)
                .isLessThanOrEqualTo(CHUNK);
        assertThat(messageIds)
                .as("%s: a duplicate carries its original messageId", run)
                .allSatisfy((user, ids) -> assertThat(ids).hasSize(1));
        return new Counts(expected.size(), deliveries.size(), failed.size(), duplicates);
    }
}
