package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import io.signalranon.dispatcher.support.TestDb;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code purge} run in-process on both databases: three runs 20 days ago (a completed one, a completed one
 * with an unresolved failed send, a failed one), deliveries 60 and 10 days before now under a 30-day cap.
 * A purge of what is older than a day deletes the completed run and the deliveries beyond the cap window,
 * keeps the rest, and the failed run then restarts and still counts the kept deliveries for the cap. With
 * {@code dispatcher.schedule.purge-older-than}, {@code schedule} (in a child JVM, stopped by SIGTERM) purges
 * after each run.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
class PurgeIntegrationTests {

    @Parameter
    DatabaseKind database;

    private static final String OFFERS = """
            {"placements": [{"id": "hero", "maxItems": 1}],
             "offers": [{"id": "current", "placement": "hero", "priority": 10, "eligibility": "cart",
                         "cap": {"max": 1, "days": 30}, "content": {"title": "t"}}]}
            """;
    private static final Map<String, String> FAST = Map.of(
            "dispatcher.delivery.max-attempts",
            "2",
            "dispatcher.delivery.initial-backoff",
            "10ms",
            "dispatcher.delivery.max-backoff",
            "20ms");
    private static final List<String> TABLES = List.of(
            "OFFER_SENT",
            "FAILED_SEND",
            "SKIPPED_ROW",
            "INGESTED_FILE",
            "BATCH_JOB_INSTANCE",
            "BATCH_JOB_EXECUTION",
            "BATCH_JOB_EXECUTION_PARAMS",
            "BATCH_JOB_EXECUTION_CONTEXT",
            "BATCH_STEP_EXECUTION",
            "BATCH_STEP_EXECUTION_CONTEXT");

    @TempDir
    Path dir;

    private TestDb db;
    private SignalREmulator healthy;
    private SignalREmulator failingU09;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void inputs() throws Exception {
        db = database.fresh(getClass(), "purge", dir);
        StringBuilder csv = new StringBuilder("user_id,segment,status,timestamp\n");
        for (int i = 0; i < 10; i++) {
            csv.append("u-%02d,cart,enter,2020-01-10T00:00:00Z%n".formatted(i));
        }
        csv.append("u-99,cart,enter,not-a-time\n");
        Files.writeString(dir.resolve("changes.csv"), csv);
        Files.writeString(dir.resolve("offers.json"), OFFERS);
        healthy = SignalREmulator.builder().port(0).build().start();
        failingU09 = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder().failFirst("u-09", 1_000, 503).build())
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        healthy.close();
        failingU09.close();
    }

    @Test
    void purgeKeepsWhatCapsRestartsAndReprocessNeedAndTheDryRunDeletesNothing() throws Exception {
        // given
        assertThat(run(env(healthy, null), "--all", "--as-of=" + daysAgo(60)).exitCode())
                .isZero();
        assertThat(run(env(failingU09, null), "--all", "--as-of=" + daysAgo(10)).exitCode())
                .isEqualTo(3);
        assertThat(run(env(healthy, "A".repeat(44)), "--all", "--as-of=" + daysAgo(2))
                        .exitCode())
                .isEqualTo(4);
        backdateRunsAndSkippedRows(Duration.ofDays(20));
        Map<String, Long> before = counts();

        // when
        ChildJvm.Result dryRunWithoutCatalog = dispatcher(Map.of(), "purge", "--older-than=P1D", "--dry-run");
        ChildJvm.Result dryRun = dispatcher(
                Map.of(), "purge", "--older-than=P1D", "--dry-run", "--offers=" + dir.resolve("offers.json"));
        Map<String, Long> afterDryRun = counts();
        ChildJvm.Result purge =
                dispatcher(Map.of(), "purge", "--older-than=P1D", "--offers=" + dir.resolve("offers.json"));
        Map<String, Long> afterPurge = counts();
        List<String> executionsAfterPurge =
                db.column("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID");
        ChildJvm.Result restart = dispatcher(env(healthy, null), "restart");

        // then
        assertThat(before).containsEntry("OFFER_SENT", 19L).containsEntry("BATCH_JOB_EXECUTION", 3L);
        assertThat(dryRunWithoutCatalog.exitCode())
                .as(dryRunWithoutCatalog.text())
                .isZero();
        assertThat(dryRunWithoutCatalog.output()).anyMatch(line -> line.matches(" +OFFER_SENT +19 rows"));
        assertThat(dryRun.exitCode()).as(dryRun.text()).isZero();
        assertThat(dryRun.output())
                .contains("Would delete (dry run: nothing was deleted):")
                .anyMatch(line -> line.matches(" +OFFER_SENT +10 rows"))
                .anyMatch(line -> line.matches(" +SKIPPED_ROW +1 rows"))
                .anyMatch(line -> line.matches(" +job repository +1 completed job instances, 1 executions .*"))
                .anyMatch(line -> line.startsWith("Kept although old: 1 job instances with unresolved failed sends")
                        && line.endsWith("1 not completed (restartable)"));
        assertThat(afterDryRun).isEqualTo(before);

        assertThat(purge.exitCode()).as(purge.text()).isZero();
        assertThat(purge.output()).contains("Deleted:").anyMatch(line -> line.matches(" +OFFER_SENT +10 rows"));
        assertThat(afterPurge)
                .containsEntry("OFFER_SENT", 9L)
                .containsEntry("FAILED_SEND", 1L)
                .containsEntry("SKIPPED_ROW", 0L)
                .containsEntry("INGESTED_FILE", 1L)
                .containsEntry("BATCH_JOB_INSTANCE", 2L)
                .containsEntry("BATCH_JOB_EXECUTION", 2L);
        assertThat(executionsAfterPurge).containsExactly("2", "3");
        for (String table :
                List.of("BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT")) {
            assertThat(db.column("SELECT COUNT(*) FROM " + table + " WHERE JOB_EXECUTION_ID = 1"))
                    .as(table)
                    .containsExactly("0");
        }
        assertThat(db.column("SELECT USER_ID FROM FAILED_SEND WHERE RESOLVED_AT IS NULL"))
                .containsExactly("u-09");

        assertThat(restart.exitCode()).as(restart.text()).isZero();
        assertThat(restart.output()).contains("Restarting execution 3 of job 'dispatch' after its last commit");
        assertThat(db.column(
                        "SELECT USER_ID FROM OFFER_SENT WHERE SENT_AT = ? ORDER BY USER_ID",
                        OffsetDateTime.ofInstant(Instant.parse(daysAgo(2)), ZoneOffset.UTC)))
                .as("the deliveries of 10 days ago still count for the 30-day cap: only u-09 gets the offer")
                .containsExactly("u-09");
    }

    @Test
    void aScheduleWithPurgeOlderThanPurgesAfterEachRun() throws Exception {
        Assumptions.assumeTrue(
                database == DatabaseKind.H2,
                "a process of its own on H2 only: the purge's SQL runs on both databases in the test above");
        // given: a completed run 20 days ago whose deliveries count 60 days ago (beyond the 30-day cap),
        // and a new export for the schedule
        assertThat(run(env(healthy, null), "--all", "--as-of=" + daysAgo(60)).exitCode())
                .isZero();
        backdateRunsAndSkippedRows(Duration.ofDays(20));
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                in.resolve("new.csv"), "user_id,segment,status,timestamp\nu-50,cart,enter," + daysAgo(1) + "\n");
        Map<String, String> settings = new java.util.HashMap<>(FAST);
        settings.put("dispatcher.schedule.purge-older-than", "P1D");

        // when: two scheduled runs, each followed by a purge
        ChildJvm scheduler = ChildJvm.dispatcher(
                dir,
                env(healthy, null),
                db.settings(settings),
                "schedule",
                "--cron=*/2 * * * * *",
                "--input=csv:in",
                "--offers=offers.json");
        boolean twoPurges = scheduler.awaitLine(
                line -> scheduler.output().stream()
                                .filter(l -> l.equals("Deleted:"))
                                .count()
                        >= 2,
                120);
        scheduler.terminate();
        ChildJvm.Result result = scheduler.waitFor(60);

        // then
        assertThat(twoPurges).as(result.text()).isTrue();
        assertThat(result.exitCode()).as(result.text()).isZero();
        List<String> lines = result.output();
        int firstRun = indexOf(lines, line -> line.contains("Run triggered at "), 0);
        int firstPurge = indexOf(lines, line -> line.equals("Deleted:"), 0);
        int secondRun = indexOf(lines, line -> line.contains("Run triggered at "), firstRun + 1);
        int secondPurge = indexOf(lines, line -> line.equals("Deleted:"), firstPurge + 1);
        assertThat(List.of(firstRun, firstPurge, secondRun, secondPurge))
                .as(result.text())
                .isSorted();
        assertThat(lines.subList(firstPurge, secondRun))
                .anyMatch(line -> line.matches(" +OFFER_SENT +10 rows"))
                .anyMatch(line -> line.matches(" +job repository +1 completed job instances, 1 executions .*"));
        assertThat(lines.subList(secondPurge, lines.size()))
                .anyMatch(line -> line.matches(" +OFFER_SENT +0 rows"))
                .anyMatch(line -> line.matches(" +job repository +0 completed job instances, 0 executions .*"));
        assertThat(db.column("SELECT USER_ID FROM OFFER_SENT")).containsExactly("u-50");
        assertThat(db.column("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = 1"))
                .as("the old completed run is gone")
                .containsExactly("0");
        assertThat(db.column("SELECT STATUS FROM BATCH_JOB_EXECUTION"))
                .as("the scheduled runs are kept")
                .isNotEmpty()
                .allMatch(status -> status.equals("COMPLETED"));
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> match, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private String daysAgo(int days) {
        return now.minus(Duration.ofDays(days)).toString();
    }

    private Map<String, String> env(SignalREmulator emulator, String accessKey) {
        String connection = emulator.connectionString();
        return Map.of(
                "SIGNALR_CONNECTION_STRING",
                accessKey == null ? connection : connection.replaceAll("AccessKey=[^;]*", "AccessKey=" + accessKey));
    }

    private ChildJvm.Result run(Map<String, String> env, String... options) throws Exception {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--input=csv:" + dir.resolve("changes.csv");
        args[2] = "--offers=" + dir.resolve("offers.json");
        System.arraycopy(options, 0, args, 3, options.length);
        ChildJvm.Result result = dispatcher(env, args);
        return result;
    }

    private ChildJvm.Result dispatcher(Map<String, String> env, String... args) {
        return InProcessDispatcher.run(dir, env, db.settings(FAST), args);
    }

    /** Makes the runs so far and their skipped rows look {@code age} old. */
    private void backdateRunsAndSkippedRows(Duration age) {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.user(), db.password()));
        LocalDateTime then = LocalDateTime.ofInstant(now.minus(age), ZoneId.systemDefault());
        jdbc.update(
                "UPDATE BATCH_JOB_EXECUTION SET CREATE_TIME = ?, START_TIME = ?, END_TIME = ?, LAST_UPDATED = ?",
                then,
                then,
                then,
                then);
        jdbc.update("UPDATE BATCH_STEP_EXECUTION SET START_TIME = ?, END_TIME = ?", then, then);
        jdbc.update("UPDATE SKIPPED_ROW SET SKIPPED_AT = ?", OffsetDateTime.ofInstant(now.minus(age), ZoneOffset.UTC));
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(
                    table,
                    Long.parseLong(db.column("SELECT COUNT(*) FROM " + table).get(0)));
        }
        return counts;
    }
}
