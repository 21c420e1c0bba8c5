package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.ingest.SkippedRowRecorder;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.ReprocessParameters;
import io.signalranon.dispatcher.report.RunHistory;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.TestDb;
import io.signalranon.dispatcher.target.SuppressionReport;
import io.signalranon.dispatcher.target.UsersReport;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code forget} and what keeps a forgotten visitor forgotten, in-process on H2 and PostgreSQL, against a real
 * emulator: after three runs leave the visitor (a user id with two CDP ids) in every table, a forget leaves no
 * row of any table naming any of its ids (an H2 {@code SCRIPT}, or every row of every table on PostgreSQL, and
 * every execution context decoded), the interrupted run resumes without it, and a later export and users file
 * that still list it bring nothing back and send it nothing. Reprocess re-checks consent before it sends.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
class ForgetIntegrationTests {

    private static final String FORGET = "visitor-forget-me";
    private static final String CDP_A = "cdp-forget-a";
    private static final String CDP_B = "cdp-forget-b";
    private static final String KEEP = "visitor-keep";
    private static final String CDP_KEEP = "cdp-keep";
    private static final String KEY = "forget-integration-tests-key-0123456789";
    private static final String CATALOG = """
            {"placements": [{"id": "hero", "maxItems": 1}],
             "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": {"any": ["cart", "vip"]},
                         "content": {"title": "10% off"}}]}
            """;
    /** Every table of the project that may name a visitor: each names the visitor before the forget. */
    private static final List<String> TABLES = List.of(
            "MEMBERSHIP",
            "MEMBERSHIP_UNDO",
            "SNAPSHOT_SEEN",
            "USER_MAPPING",
            "SUPPRESSION",
            "DISPATCH_TARGET",
            "OFFER_SENT",
            "FAILED_SEND",
            "PENDING_SEND",
            "SKIPPED_ROW");
    /**
     * The tables that name no visitor (file registries, locks, the forgotten ids' hashes, the schema history; Spring
     * Batch's, whose execution contexts the dump decodes and checks): with {@link #TABLES}, every table there is.
     */
    private static final Set<String> NO_VISITOR = Set.of(
            "INGESTED_FILE",
            "FORGET_FILE",
            "FORGET_KEY_CHECK",
            "FORGOTTEN_ID",
            "RUN_LOCK",
            "SCHEDULE_TRIGGER",
            "FLYWAY_SCHEMA_HISTORY",
            "BATCH_JOB_INSTANCE",
            "BATCH_JOB_EXECUTION",
            "BATCH_JOB_EXECUTION_PARAMS",
            "BATCH_JOB_EXECUTION_CONTEXT",
            "BATCH_STEP_EXECUTION",
            "BATCH_STEP_EXECUTION_CONTEXT");

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    private final int port = freePort();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private TestDb db;
    private ConfigurableApplicationContext context;
    private SignalREmulator emulator;
    private JdbcTemplate jdbc;

    @BeforeEach
    void start() {
        db = database.fresh(getClass(), "forget", dir);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        if (database == DatabaseKind.POSTGRESQL) {
            settings.put("dispatcher.privacy.forget-key", Base64.getEncoder().encodeToString(KEY.getBytes()));
        }
        settings.put(
                "dispatcher.signalr.connection-string",
                "Endpoint=http://localhost;Port=" + port + ";AccessKey=" + KEY + ";Version=1.0;");
        settings.put("dispatcher.report.directory", dir.resolve("reports").toString());
        settings.put("dispatcher.delivery.chunk-size", "1");
        settings.put("dispatcher.delivery.concurrency", "1");
        settings.put("dispatcher.delivery.max-attempts", "2");
        settings.put("dispatcher.delivery.initial-backoff", "5ms");
        settings.put("dispatcher.delivery.max-backoff", "10ms");
        context = new SpringApplicationBuilder(DispatcherApplication.class)
                .web(WebApplicationType.NONE)
                .registerShutdownHook(false)
                .run(settings.entrySet().stream()
                        .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                        .toArray(String[]::new));
        jdbc = context.getBean(JdbcTemplate.class);
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (emulator != null) {
            emulator.close();
        }
        context.close();
    }

    @Test
    void aForgottenVisitorLeavesNoRowInAnyTableAndTheNextRunsSendItNothing() throws Exception {
        // given: run A delivers to both users, run B records a failed send to the visitor, run C (the visitor
        // suppressed) fails after its first chunk, with the visitor's user id as its checkpoint
        Path users = write(
                "users.csv",
                "user_id,cdp_id,consent\n" + FORGET + "," + CDP_A + ",y\n" + FORGET + "," + CDP_B + ",y\n" + KEEP + ","
                        + CDP_KEEP + ",y\n");
        Path first = write(
                "exports/changes-1.csv",
                "user_id,segment,status,timestamp\n" + CDP_A
                        + ",cart,enter,2026-11-30T10:00:00Z\n" + CDP_B + ",vip,enter,2026-11-30T10:00:00Z\n" + CDP_KEEP
                        + ",cart,enter,2026-11-30T10:00:00Z\n" + CDP_A + ",cart,enter," + CDP_A + "\n");
        Path suppress = write("suppress.txt", FORGET + "\n");
        emulate(FaultPlan.NONE);
        assertThat(run(options(List.of(first), users, null, "2026-12-01T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.COMPLETED);
        emulate(FaultPlan.builder().failFirst(FORGET, 1000, 400).build());
        assertThat(run(options(List.of(), users, null, "2026-12-02T00:00:00Z", true)))
                .as(this::output)
                .isEqualTo(ExitCode.SEND_FAILURES);
        emulate(FaultPlan.builder().failFirst(KEEP, 1000, 401).build()); // fails the run at once: its first send
        RunOptions interrupted = options(List.of(), users, suppress, "2026-12-03T00:00:00Z", true);
        assertThat(run(interrupted)).as(this::output).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(checkpoints()).contains(FORGET);
        // what a killed dry run (MEMBERSHIP_UNDO) and a killed ingest (SNAPSHOT_SEEN) leave behind
        jdbc.update(
                "INSERT INTO MEMBERSHIP_UNDO (JOB_INSTANCE_ID, CDP_ID, AUDIENCE, EXISTED, MEMBER, CHANGED_AT,"
                        + " CHANGED_BY, WAS_MEMBER) VALUES (99, ?, 'cart', TRUE, TRUE, CURRENT_TIMESTAMP, 1, FALSE)",
                CDP_A);
        jdbc.update(
                "INSERT INTO SNAPSHOT_SEEN (JOB_INSTANCE_ID, FILE_NO, CDP_ID, AUDIENCE) VALUES (99, 0, ?, 'cart')",
                CDP_B);
        // and what a run stopped while a message waited for its Retry-After leaves (PENDING_SEND)
        jdbc.update(
                "INSERT INTO PENDING_SEND (JOB_INSTANCE_ID, STEP_NAME, USER_ID, MESSAGE_ID, MESSAGE, OFFER_IDS, DUE_AT,"
                        + " ATTEMPTS, THROTTLED) VALUES (99, 'dispatch', ?, 'm-1', ?, 'cart-10', CURRENT_TIMESTAMP, 1, 1)",
                FORGET,
                "{\"userId\":\"" + FORGET + "\"}");
        Map<String, String> before = tables();
        Forget forget = context.getBean(Forget.class);

        // when
        Forget.Outcome dryRun = forget.forget(List.of(new Forget.Request(FORGET, false)), true);
        Map<String, String> afterDryRun = tables();
        Forget.Outcome outcome = forget.forget(List.of(new Forget.Request(FORGET, false)), false);
        Map<String, String> after = tables();
        String dump = dump();

        // then
        assertThat(projectTables())
                .as("every table either names the visitor before the forget (TABLES) or never names one"
                        + " (NO_VISITOR): a table added later goes in one of them, and this test fills it")
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(TABLES.stream(), NO_VISITOR.stream()).toList());
        assertThat(before)
                .allSatisfy((table, rows) -> assertThat(rows)
                        .as("before the forget, %s names the visitor", table)
                        .containsAnyOf(FORGET, CDP_A, CDP_B));
        assertThat(dryRun.rows().rows()).isEqualTo(outcome.rows().rows());
        assertThat(afterDryRun).isEqualTo(before);
        assertThat(outcome.rows().rows())
                .containsEntry("MEMBERSHIP", 2L)
                .containsEntry("MEMBERSHIP_UNDO", 1L)
                .containsEntry("SNAPSHOT_SEEN", 1L)
                .containsEntry("USER_MAPPING", 2L)
                .containsEntry("SUPPRESSION", 1L)
                .containsEntry("DISPATCH_TARGET", 2L)
                .containsEntry("OFFER_SENT", 1L)
                .containsEntry("FAILED_SEND", 1L)
                .containsEntry("PENDING_SEND", 1L)
                .containsEntry("SKIPPED_ROW", 1L)
                .containsEntry(Forget.CHECKPOINTS, 1L);
        assertThat(outcome.ids()).isEqualTo(3);
        assertThat(after)
                .allSatisfy((table, rows) ->
                        assertThat(rows).as("after the forget, %s", table).doesNotContain(FORGET, CDP_A, CDP_B));
        assertThat(dump).doesNotContain(FORGET, CDP_A, CDP_B).contains(KEEP, CDP_KEEP);
        assertThat(forgottenHashes()).hasSize(3).noneMatch(hash -> hash.contains("forget"));

        // when: the interrupted run resumes, then a new export, the same users file and suppression list list the
        // visitor again; two bad rows of the export quote its ids (as a timestamp, one at the end of a sentence)
        emulate(FaultPlan.NONE);
        ExitCode resumed = run(interrupted);
        List<String> resumedTo = acceptedUsers();
        Path second = write(
                "exports/changes-2.csv",
                "user_id,segment,status,timestamp\n" + CDP_A
                        + ",cart,exit,2026-12-03T10:00:00Z\n" + CDP_B + ",cart,enter,2026-12-03T10:00:00Z\n" + CDP_KEEP
                        + ",vip,enter,2026-12-03T10:00:00Z\n" + CDP_KEEP + ",cart,exit," + FORGET + "\n" + CDP_KEEP
                        + ",cart,exit,\"at " + CDP_A + ".\"\n");
        emulate(FaultPlan.NONE);
        ExitCode later = run(options(List.of(second), users, suppress, "2026-12-04T00:00:00Z", false));
        List<String> skippedDetails = jdbc.queryForList(
                "SELECT DETAIL FROM SKIPPED_ROW WHERE FILE_NAME = 'changes-2.csv' ORDER BY LINE_NO", String.class);
        List<String> laterTo = acceptedUsers();
        JobExecution laterRun = lastDispatchExecution();
        ExitCode all = run(options(List.of(), users, null, "2026-12-05T00:00:00Z", true));

        // then
        assertThat(resumed).as(this::output).isEqualTo(ExitCode.COMPLETED);
        assertThat(resumedTo).containsExactly(KEEP);
        assertThat(later).isEqualTo(ExitCode.COMPLETED);
        assertThat(laterTo).containsExactly(KEEP);
        assertThat(step(laterRun, BatchNames.INGEST_STEP).getFilterCount())
                .as("the export's rows of forgotten ids, kept out")
                .isEqualTo(2);
        assertThat(step(laterRun, BatchNames.INGEST_STEP).getExecutionContext().getLong(SkippedRowRecorder.FORGOTTEN))
                .as("the export's bad rows that quote forgotten ids")
                .isEqualTo(2);
        assertThat(skippedDetails)
                .containsExactly("not an ISO-8601 instant: [forgotten]", "not an ISO-8601 instant: at [forgotten].");
        assertThat(UsersReport.from(laterRun.getExecutionContext()).forgotten())
                .as("the users file's rows of the forgotten user")
                .isEqualTo(2);
        assertThat(SuppressionReport.from(laterRun.getExecutionContext()).forgotten())
                .as("the suppression list's line of the forgotten user")
                .isEqualTo(1);
        assertThat(output())
                .contains("  forgotten: 4 rows of the exports, 2 rows of users.csv and 1 lines of the suppression"
                        + " list kept out (they name forgotten ids)");
        assertThat(all).isEqualTo(ExitCode.COMPLETED);
        assertThat(acceptedUsers()).containsExactly(KEEP, KEEP);
        assertThat(dump()).doesNotContain(FORGET, CDP_A, CDP_B);
        assertThat(identifyingOutputs()).doesNotContain(FORGET, CDP_A, CDP_B, KEEP, CDP_KEEP);
        if (database == DatabaseKind.H2) {
            Path keyFile = dir.resolve("data/dispatcher.forget-key");
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void visitorsForgottenTogetherLeaveNoCheckpointNamingAnyOfThemWhateverTheirOrder() throws Exception {
        // given: a run's targets a, b, c and a step whose position (and range end) is c
        JobRepository repository = context.getBean(JobRepository.class);
        JobParameters parameters =
                new JobParametersBuilder().addString("case", "adjacent").toJobParameters();
        JobInstance instance = repository.createJobInstance(BatchNames.DISPATCH_JOB, parameters);
        for (String user : List.of("visitor-a", "visitor-b", "visitor-c")) {
            jdbc.update(
                    "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID) VALUES (?, ?, ?)",
                    instance.getInstanceId(),
                    user,
                    "cdp-" + user);
        }
        JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution step = repository.createStepExecution(BatchNames.DISPATCH_STEP, execution);
        step.getExecutionContext().putString("dispatchTargets.lastUserId", "visitor-c");
        step.getExecutionContext().putString("dispatchTargets.upToUserId", "visitor-c");
        repository.updateExecutionContext(step);
        Forget forget = context.getBean(Forget.class);

        // when: c, then the target before it, in one call
        Forget.Outcome dryRun = forget.forget(
                List.of(new Forget.Request("visitor-c", false), new Forget.Request("visitor-b", false)), true);
        forget.forget(List.of(new Forget.Request("visitor-c", false), new Forget.Request("visitor-b", false)), false);

        // then: the position went past both, to a
        ExecutionContext after =
                repository.getStepExecution(execution.getId(), step.getId()).getExecutionContext();
        assertThat(after.getString("dispatchTargets.lastUserId")).isEqualTo("visitor-a");
        assertThat(after.getString("dispatchTargets.upToUserId")).isEqualTo("visitor-a");
        assertThat(dryRun.rows().rows()).containsEntry(Forget.CHECKPOINTS, 2L);
    }

    @Test
    void undoLetsAForgottenIdBeIngestedAgain() throws Exception {
        // given
        Forget forget = context.getBean(Forget.class);
        forget.forget(List.of(new Forget.Request(CDP_A, true)), false);
        Path export = write(
                "exports/changes.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",cart,enter,2026-11-30T10:00:00Z\n");
        emulate(FaultPlan.NONE);
        run(options(List.of(export), null, null, "2026-12-01T00:00:00Z", false));
        List<String> whileForgotten = acceptedUsers();

        // when
        int undone = forget.undo(List.of(CDP_A), false);
        ExitCode code = run(forced(options(List.of(export), null, null, "2026-12-02T00:00:00Z", false)));

        // then
        assertThat(whileForgotten).isEmpty();
        assertThat(undone).isEqualTo(1);
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(acceptedUsers()).containsExactly(CDP_A);
    }

    @Test
    void aForgetListOfARunIsAppliedBeforeTheRunDecidesAndOnlyOnce() throws Exception {
        // given: the visitor was sent to; then a deletion list names its CDP id, and the next export lists it again
        Path users = write(
                "users.csv",
                "user_id,cdp_id,consent\n" + FORGET + "," + CDP_A + ",y\n" + KEEP + "," + CDP_KEEP + ",y\n");
        Path first = write(
                "exports/changes-1.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",cart,enter,2026-11-30T10:00:00Z\n" + CDP_KEEP
                        + ",cart,enter,2026-11-30T10:00:00Z\n");
        emulate(FaultPlan.NONE);
        assertThat(run(options(List.of(first), users, null, "2026-12-01T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.COMPLETED);
        List<String> firstTo = acceptedUsers();
        Path deletions = Files.createDirectories(dir.resolve("deletions"));
        write("deletions/2026-12-02.txt", "cdp_id\n" + CDP_A + "\n");
        Path second = write(
                "exports/changes-2.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",vip,enter,2026-12-01T10:00:00Z\n" + CDP_KEEP
                        + ",vip,enter,2026-12-01T10:00:00Z\n");
        emulate(FaultPlan.NONE);

        // when
        ExitCode code = run(options(List.of(second), users, null, "2026-12-02T00:00:00Z", false).toBuilder()
                .forget(deletions.toString())
                .build());
        List<String> secondTo = acceptedUsers();
        String secondOutput = output();
        ExitCode again = run(options(List.of(), users, null, "2026-12-03T00:00:00Z", true).toBuilder()
                .forget(deletions.toString())
                .build());

        // then
        assertThat(firstTo).containsExactly(FORGET, KEEP);
        assertThat(code).as(secondOutput).isEqualTo(ExitCode.COMPLETED);
        assertThat(secondOutput)
                .contains(
                        "Forget lists (--forget=" + deletions + "): 1 applied, 0 applied before; 1 visitor forgotten");
        assertThat(secondTo)
                .as("the list is applied before the run ingests and decides")
                .containsExactly(KEEP);
        assertThat(dump()).doesNotContain(FORGET, CDP_A);
        assertThat(again).isEqualTo(ExitCode.COMPLETED);
        assertThat(output()).contains("0 applied, 1 applied before; nothing to forget");
        assertThat(acceptedUsers()).containsExactly(KEEP, KEEP);
    }

    @Test
    void reprocessDoesNotSendToAUserWhoWithdrewConsentAndResolvesTheRowWithheld() throws Exception {
        // given: sends to three users fail; then the visitor withdraws consent in users.csv, and another user is
        // added to the suppression list, both files as the run was given them
        String third = "visitor-third";
        Path users = write(
                "users.csv",
                "user_id,cdp_id,consent\n" + FORGET + "," + CDP_A + ",y\n" + KEEP + "," + CDP_KEEP + ",y\n" + third
                        + ",cdp-third,y\n");
        Path suppress = write("suppress.txt", "");
        Path export = write(
                "exports/changes.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",cart,enter,2026-11-30T10:00:00Z\n" + CDP_KEEP
                        + ",cart,enter,2026-11-30T10:00:00Z\ncdp-third,cart,enter,2026-11-30T10:00:00Z\n");
        emulate(FaultPlan.builder()
                .failFirst(FORGET, 1000, 503)
                .failFirst(KEEP, 1000, 503)
                .failFirst(third, 1000, 503)
                .build());
        assertThat(run(options(List.of(export), users, suppress, "2026-12-01T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.SEND_FAILURES);
        write(
                "users.csv",
                "user_id,cdp_id,consent\n" + FORGET + "," + CDP_A + ",n\n" + KEEP + "," + CDP_KEEP + ",y\n" + third
                        + ",cdp-third,y\n");
        write("suppress.txt", third + "\n");
        emulate(FaultPlan.NONE);
        FailedSendRepository failedSends = context.getBean(FailedSendRepository.class);

        // when
        JobExecution reprocess = context.getBean(JobOperator.class)
                .start(
                        context.getBean("reprocessJob", Job.class),
                        ReprocessParameters.of(null, 1, failedSends.maxId()));

        // then
        assertThat(reprocess.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(acceptedUsers()).containsExactly(KEEP);
        assertThat(jdbc.queryForList(
                        "SELECT USER_ID || ' ' || RESOLUTION || ' ' || COALESCE(WITHHELD, '-') FROM FAILED_SEND"
                                + " ORDER BY USER_ID",
                        String.class))
                .containsExactly(
                        FORGET + " withheld NO_CONSENT", KEEP + " delivered -", third + " withheld SUPPRESSED");
        assertThat(step(reprocess, BatchNames.REPROCESS_STEP)
                        .getExecutionContext()
                        .getLong("reprocess.withheld"))
                .isEqualTo(2);
    }

    @Test
    void purgeDropsTheTargetsOfCompletedRunsAndTheMembershipsOfIdsThatLeftEveryAudienceLongAgo() throws Exception {
        // given: an id that entered and left in 2020, one still a member
        Path export = write(
                "exports/changes.csv",
                String.join(
                        "\n",
                        "user_id,segment,status,timestamp",
                        CDP_A + ",cart,enter,2020-01-01T00:00:00Z",
                        CDP_A + ",cart,exit,2020-02-01T00:00:00Z",
                        CDP_B + ",vip,enter,2020-01-01T00:00:00Z",
                        CDP_KEEP + ",cart,enter,2026-11-30T10:00:00Z",
                        ""));
        emulate(FaultPlan.NONE);
        assertThat(run(options(List.of(export), null, null, "2026-12-01T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.COMPLETED);
        Purge purge = context.getBean(Purge.class);
        Purge.Cuts cuts = purge.cuts(java.time.Duration.ofDays(90), java.time.Duration.ZERO);

        // when
        Purge.Tally dryRun = purge.run(cuts, true);
        Purge.Tally tally = purge.run(cuts, false);

        // then
        assertThat(dryRun.dispatchTargets()).isEqualTo(2);
        assertThat(dryRun.membershipsLeft()).isEqualTo(1);
        assertThat(tally.dispatchTargets()).isEqualTo(2);
        assertThat(tally.membershipsLeft()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT CDP_ID FROM MEMBERSHIP ORDER BY CDP_ID", String.class))
                .containsExactly(CDP_B, CDP_KEEP);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DISPATCH_TARGET", Integer.class))
                .isZero();
    }

    @Test
    void purgeDropsTheMembershipsOfAnIdThatLeftInARunItPurgesToo() throws Exception {
        // given: an id that was a member after one run and left in the next (its row holds that run's change),
        // both runs long ago
        Path entered = write(
                "exports/changes-1.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",cart,enter,2020-01-01T00:00:00Z\n" + CDP_KEEP
                        + ",cart,enter,2020-01-01T00:00:00Z\n");
        Path left = write(
                "exports/changes-2.csv",
                "user_id,segment,status,timestamp\n" + CDP_A + ",cart,exit,2020-02-01T00:00:00Z\n");
        emulate(FaultPlan.NONE);
        assertThat(run(options(List.of(entered), null, null, "2020-01-02T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.COMPLETED);
        assertThat(run(options(List.of(left), null, null, "2020-02-02T00:00:00Z", false)))
                .as(this::output)
                .isEqualTo(ExitCode.COMPLETED);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM MEMBERSHIP WHERE CDP_ID = ? AND WAS_MEMBER <> MEMBER",
                        Integer.class,
                        CDP_A))
                .as("the row of the id that left holds the second run's change")
                .isOne();
        java.time.LocalDateTime longAgo = java.time.LocalDateTime.now().minusDays(100);
        jdbc.update(
                "UPDATE BATCH_JOB_EXECUTION SET CREATE_TIME = ?, START_TIME = ?, END_TIME = ?, LAST_UPDATED = ?",
                longAgo,
                longAgo,
                longAgo,
                longAgo);
        Purge purge = context.getBean(Purge.class);
        Purge.Cuts cuts = purge.cuts(java.time.Duration.ofDays(90), java.time.Duration.ZERO);

        // when: the purge deletes both runs, then the memberships of ids that left long ago
        Purge.Tally dryRun = purge.run(cuts, true);
        Purge.Tally tally = purge.run(cuts, false);

        // then
        assertThat(tally.jobInstances()).isEqualTo(2);
        assertThat(dryRun.membershipsLeft()).isOne();
        assertThat(tally.membershipsLeft()).isOne();
        assertThat(jdbc.queryForList("SELECT CDP_ID FROM MEMBERSHIP", String.class))
                .containsExactly(CDP_KEEP);
        assertThat(purge.run(cuts, false).membershipsLeft()).isZero();
    }

    @Test
    void theReadmeSaysOfEveryProjectTableWhatPersonalDataItHoldsAndWhenItGoes() throws IOException {
        // given
        String readme = Files.readString(Path.of("../README.md"));
        int from = readme.indexOf("### Personal data: where it is and when it goes");
        String section = readme.substring(from, readme.indexOf("\n## ", from));

        // when
        List<String> tables = projectTables().stream()
                .filter(table -> !table.startsWith("BATCH_") && !table.equals("FLYWAY_SCHEMA_HISTORY"))
                .toList();

        // then
        assertThat(tables).contains("MEMBERSHIP", "PENDING_SEND");
        assertThat(tables).allSatisfy(table -> assertThat(section).contains("`" + table + "`"));
    }

    /** Per table, every row as text; and the dispatch checkpoints, decoded. */
    private Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, jdbc.queryForList("SELECT * FROM " + table).toString());
        }
        tables.put(Forget.CHECKPOINTS, String.join(",", checkpoints()));
        return tables;
    }

    /**
     * The whole database as text: H2's {@code SCRIPT}, or every row of every table of the schema on PostgreSQL;
     * then every execution context, decoded (the tables hold them serialized).
     */
    private String dump() {
        StringBuilder dump = new StringBuilder();
        if (database == DatabaseKind.H2) {
            jdbc.queryForList("SCRIPT", String.class)
                    .forEach(line -> dump.append(line).append('\n'));
        } else {
            for (String table : jdbc.queryForList(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
                    String.class)) {
                dump.append(table)
                        .append(jdbc.queryForList("SELECT * FROM " + table))
                        .append('\n');
            }
        }
        assertThat(dump).contains(database == DatabaseKind.H2 ? "INSERT INTO \"PUBLIC\".\"MEMBERSHIP\"" : "membership");
        executions().forEach(execution -> {
            dump.append(execution.getExecutionContext()).append('\n');
            execution
                    .getStepExecutions()
                    .forEach(step -> dump.append(step.getExecutionContext()).append('\n'));
        });
        return dump.toString();
    }

    private List<JobExecution> executions() {
        JobRepository repository = context.getBean(JobRepository.class);
        List<JobExecution> executions = new ArrayList<>();
        for (String job : BatchNames.JOBS) {
            for (JobInstance instance : repository.getJobInstances(job, 0, 1000)) {
                executions.addAll(repository.getJobExecutions(instance));
            }
        }
        return executions;
    }

    private List<String> checkpoints() {
        return executions().stream()
                .flatMap(execution -> execution.getStepExecutions().stream())
                .filter(step -> step.getStepName().equals(BatchNames.DISPATCH_STEP))
                .map(step -> step.getExecutionContext().getString("dispatchTargets.lastUserId", ""))
                .toList();
    }

    /** What the runs printed and logged, their reports, the history and the meters' tags. */
    private String identifyingOutputs() throws IOException {
        StringBuilder text =
                new StringBuilder(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        logs.list.forEach(event -> {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                text.append(thrown.getClassName())
                        .append(": ")
                        .append(thrown.getMessage())
                        .append('\n');
            }
        });
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            for (Path report : reports.toList()) {
                text.append(Files.readString(report));
            }
        }
        text.append(new RunHistory(context.getBean(JobRepository.class)).recent(100));
        context.getBean(MeterRegistry.class).getMeters().forEach(meter -> text.append(meter.getId()));
        assertThat(text).contains("Run completed", "executionId", "dispatcher.messages.delivered");
        return text.toString();
    }

    /** The tables of the database's schema, upper case. */
    private List<String> projectTables() {
        return jdbc
                .queryForList(
                        database == DatabaseKind.H2
                                ? "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
                        String.class)
                .stream()
                .map(table -> table.toUpperCase(Locale.ROOT))
                .toList();
    }

    private List<String> forgottenHashes() {
        return jdbc.queryForList("SELECT ID_HASH FROM FORGOTTEN_ID", String.class);
    }

    private JobExecution lastDispatchExecution() {
        JobRepository repository = context.getBean(JobRepository.class);
        return repository.getLastJobExecution(repository.getLastJobInstance(BatchNames.DISPATCH_JOB));
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private List<String> acceptedUsers() {
        emulator.flush();
        return emulator.accepted().stream()
                .map(message -> message.userId())
                .sorted()
                .toList();
    }

    private void emulate(FaultPlan faults) {
        if (emulator != null) {
            emulator.close();
        }
        context.getBean(SignalRConnection.class).close();
        emulator = SignalREmulator.builder()
                .port(port)
                .accessKey(KEY)
                .faultPlan(faults)
                .build()
                .start();
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private ExitCode run(RunOptions options) {
        return context.getBean(RunCommand.class)
                .run(
                        options,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private RunOptions options(List<Path> exports, Path users, Path suppress, String asOf, boolean all)
            throws IOException {
        return RunOptions.builder()
                .inputs(exports.stream()
                        .map(export -> new InputSpec(InputFormat.CSV, export.toString()))
                        .toList())
                .users(users)
                .suppress(suppress)
                .offers(offers())
                .asOf(Instant.parse(asOf))
                .all(all)
                .build();
    }

    private Path offers() throws IOException {
        Path offers = dir.resolve("offers.json");
        return Files.exists(offers) ? offers : write("offers.json", CATALOG);
    }

    private static RunOptions forced(RunOptions options) {
        return options.toBuilder().force(true).build();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
