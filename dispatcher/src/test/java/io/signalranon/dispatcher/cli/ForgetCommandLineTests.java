package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.operate.Forget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code forget} and {@code run --forget} on the command line, in-process: exit codes and what they print. */
class ForgetCommandLineTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badInputIsExitCode2AndNothingStarts() {
        // when / then
        assertThat(forget()).isEqualTo(2);
        assertThat(errors()).contains("forget needs an id: --user=ID, --cdp-id=ID or --users-file=PATH");
        assertThat(forget("--user=web\u00011")).isEqualTo(2);
        assertThat(errors()).contains("--user: the id contains control characters");
        assertThat(forget("--users-file=" + dir.resolve("missing.txt"))).isEqualTo(2);
        assertThat(forget("--user=web-1", "--dry-run=yes")).isEqualTo(2);
    }

    @Test
    void aDryRunPrintsPerTableAndTheRealOneForgetsWithoutPrintingTheId() {
        // when
        int dryRun = forget("--user=web-1", "--cdp-id=cdp-9", "--dry-run");
        String dryRunOutput = output();
        int forget = forget("--user=web-1", "--cdp-id=cdp-9");
        String forgetOutput = output();
        int undo = forget("--user=web-1", "--undo");
        // then
        assertThat(dryRun).as(dryRunOutput + errors()).isZero();
        assertThat(dryRunOutput)
                .contains("Would forget 2 visitors (dry run: nothing was deleted):")
                .containsPattern(" +MEMBERSHIP +0 rows")
                .containsPattern(" +BATCH_STEP_EXECUTION_CONTEXT +0 rows");
        assertThat(forget).isZero();
        assertThat(forgetOutput).contains("Forgot 2 visitors; 2 ids newly kept out of later runs. Deleted:");
        assertThat(dryRunOutput + forgetOutput).doesNotContain("web-1", "cdp-9");
        assertThat(undo).isZero();
        assertThat(output()).contains("Let 1 of 1 ids in again");
        assertThat(new JdbcTemplate(new DriverManagerDataSource(url(), "sa", ""))
                        .queryForObject("SELECT COUNT(*) FROM FORGOTTEN_ID", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void whileARunHoldsTheLockForgetIsExitCode5() {
        // given
        forget("--user=web-1", "--dry-run");
        new JdbcTemplate(new DriverManagerDataSource(url(), "sa", ""))
                .update("UPDATE RUN_LOCK SET OWNER = 'another-host:1:x', ACQUIRED_AT = CURRENT_TIMESTAMP,"
                        + " EXPIRES_AT = DATEADD('HOUR', 1, CURRENT_TIMESTAMP) WHERE NAME = 'jobs'");
        // when
        int code = forget("--user=web-1");
        // then
        assertThat(code).isEqualTo(5);
        assertThat(errors()).contains("nothing was done");
    }

    @Test
    void runAppliesEachForgetListOnceBeforeItDecidesAnything() throws Exception {
        // given
        Path lists = Files.createDirectories(dir.resolve("deletions"));
        Files.writeString(lists.resolve("2026-12-01.txt"), "user_id\nweb-1\nweb-2\n");
        // when
        int first = run("--forget=" + lists, "--input=csv:" + Files.createDirectories(dir.resolve("exports")));
        String firstOutput = output();
        int second = run("--forget=" + lists, "--input=csv:" + dir.resolve("exports"));
        // then
        assertThat(first).as(firstOutput + errors()).isZero();
        assertThat(firstOutput)
                .contains("Forget lists (--forget=" + lists + "): 1 applied, 0 applied before; 2 visitors forgotten")
                .contains("Nothing to do: no export files yet");
        assertThat(second).isZero();
        assertThat(output()).contains("0 applied, 1 applied before; nothing to forget");
    }

    @Test
    void anIdGivenAsAUserIdAndAsACdpIdIsForgottenAsBothAndScheduleTakesForgetLists() throws Exception {
        // given
        Files.writeString(dir.resolve("deletions.txt"), "user_id\nweb-1\nweb-2\n");
        // when
        ForgetSubcommand forget = (ForgetSubcommand) CommandLines.parse(
                dir, "forget", "--user=web-1", "--cdp-id=web-1", "--users-file=" + dir.resolve("deletions.txt"));
        ScheduleSubcommand schedule = (ScheduleSubcommand) CommandLines.parse(
                dir, "schedule", "--cron=0 */15 * * * *", "--input=csv:" + dir, "--forget=" + dir.resolve("*.txt"));
        // then
        assertThat(forget.requests())
                .containsExactly(
                        new Forget.Request("web-1", false),
                        new Forget.Request("web-1", true),
                        new Forget.Request("web-2", false));
        assertThat(schedule.run.options().forget())
                .isEqualTo(dir.resolve("*.txt").toString());
    }

    private int forget(String... options) {
        return cli("forget", options);
    }

    private int run(String... options) {
        return cli("run", options);
    }

    private int cli(String command, String... options) {
        out.reset();
        err.reset();
        String[] args = new String[options.length + 3];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--spring.datasource.url=" + url();
        args[options.length + 2] = "--dispatcher.report.directory=" + dir.resolve("reports");
        return new DispatcherCli(
                        DispatcherApplication.class,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("data/dispatcher").toAbsolutePath();
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
