package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of schedule, restart, failures and reprocess. */
class OperateCommandLineTests {

    @TempDir
    Path dir;

    private Subcommand parse(String... args) {
        return CommandLines.parse(dir, args);
    }

    @Test
    void scheduleTakesACronExpressionAndTheOptionsOfRun() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        // when
        ScheduleSubcommand schedule =
                (ScheduleSubcommand) parse("schedule", "--cron=0 */15 * * * *", "--input=csv:" + export, "--all");
        // then
        assertThat(schedule.cron().next(LocalDateTime.parse("2026-12-01T10:07:00")))
                .isEqualTo("2026-12-01T10:15:00");
        assertThat(schedule.run.options().inputs()).containsExactly(new InputSpec(InputFormat.CSV, export.toString()));
        assertThat(schedule.run.options().all()).isTrue();
    }

    @Test
    void scheduleNeedsAValidCron() {
        assertThatThrownBy(() -> parse("schedule", "--input=csv:x.csv"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("schedule needs --cron=EXPRESSION");
        assertThatThrownBy(() -> parse("schedule", "--cron=every minute"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--cron: not a cron expression");
        assertThatThrownBy(() -> parse("run", "--cron=0 * * * * *"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--cron'");
    }

    @Test
    void restartTakesAnOptionalExecutionId() {
        assertThat(((RestartSubcommand) parse("restart")).executionId).isNull();
        assertThat(((RestartSubcommand) parse("restart", "42")).executionId).isEqualTo(42L);
        assertThatThrownBy(() -> parse("restart", "x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("an execution id is a positive number: x");
        assertThatThrownBy(() -> parse("restart", "1", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessage("restart takes at most one EXECUTION_ID");
        assertThatThrownBy(() -> parse("restart", "--all"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--all'");
    }

    @Test
    void failuresAndReprocessTakeTheirOptions() {
        FailuresSubcommand plain = (FailuresSubcommand) parse("failures");
        FailuresSubcommand all = (FailuresSubcommand) parse("failures", "--execution=7", "--json", "--show-message");
        assertThat(plain.execution).isNull();
        assertThat(plain.json).isFalse();
        assertThat(plain.showMessage).isFalse();
        assertThat(all.execution).isEqualTo(7L);
        assertThat(all.json).isTrue();
        assertThat(all.showMessage).isTrue();
        assertThat(((ReprocessSubcommand) parse("reprocess")).execution).isNull();
        assertThat(((ReprocessSubcommand) parse("reprocess", "--execution=3")).execution)
                .isEqualTo(3L);
        assertThatThrownBy(() -> parse("failures", "--json=yes"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--json takes no value");
        assertThatThrownBy(() -> parse("reprocess", "--execution=0"))
                .isInstanceOf(UsageException.class)
                .hasMessage("an execution id is a positive number: 0");
        assertThatThrownBy(() -> parse("reprocess", "--json"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--json'");
    }

    @Test
    void reprocessTakesTheUsersAndSuppressionFilesInTheFormsOfRun() throws IOException {
        // given
        Path users = Files.writeString(dir.resolve("users.csv"), "user_id\n");
        Path suppress = Files.writeString(dir.resolve("suppress.txt"), "");
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        // when
        ReprocessSubcommand attached =
                (ReprocessSubcommand) parse("reprocess", "--users=" + users, "--suppress=" + suppress);
        ReprocessSubcommand separate = (ReprocessSubcommand)
                parse("reprocess", "--users", users.toString(), "--suppress", suppress.toString());
        RunOptions run = ((RunSubcommand)
                        parse("run", "--input=csv:" + export, "--users", users.toString(), "--suppress=" + suppress))
                .run.options();
        // then
        for (ReprocessSubcommand reprocess : new ReprocessSubcommand[] {attached, separate}) {
            assertThat(reprocess.userFiles.users).isEqualTo(users);
            assertThat(reprocess.userFiles.suppress).isEqualTo(suppress);
        }
        assertThat(run.users()).isEqualTo(users);
        assertThat(run.suppress()).isEqualTo(suppress);
        assertThat(((ReprocessSubcommand) parse("reprocess")).userFiles.users).isNull();
        assertThatThrownBy(() -> parse("reprocess", "--users=" + dir.resolve("nope.csv")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--users: no readable file");
        assertThatThrownBy(() -> parse("reprocess", "--suppress=" + dir))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--suppress: no readable file");
    }

    @Test
    void runScheduleAndReprocessDescribeTheUsersAndSuppressionFilesAlike() {
        // when
        String run = CommandLines.help("run", "--help");
        String schedule = CommandLines.help("schedule", "--help");
        String reprocess = CommandLines.help("reprocess", "--help");
        // then
        for (String option : new String[] {"--users=PATH", "--suppress=PATH"}) {
            String line = optionLine(run, option);
            assertThat(optionLine(schedule, option)).isEqualTo(line);
            assertThat(optionLine(reprocess, option)).isEqualTo(line);
        }
        assertThat(reprocess)
                .startsWith("Usage: java -jar dispatcher.jar reprocess [--execution=N] [--users=PATH]"
                        + " [--suppress=PATH] [--report=PATH]");
        assertThat(reprocess.replaceAll("\\s+", " "))
                .contains("Without --users or --suppress, that file of the run that recorded the failures is read"
                        + " again");
    }

    /** The help line of {@code option}, from its name on. */
    private static String optionLine(String help, String option) {
        return help.lines()
                .filter(line -> line.trim().startsWith(option + " "))
                .map(line -> line.trim().replaceAll("\\s+", " "))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void helpAfterACommandPrintsThatCommandsUsage() {
        assertThat(CommandLines.help("reprocess", "--help"))
                .startsWith("Usage: java -jar dispatcher.jar reprocess [--execution=N]");
        assertThat(CommandLines.help("schedule", "--help"))
                .startsWith("Usage: java -jar dispatcher.jar schedule --cron=EXPRESSION");
    }

    @Test
    void historyTakesHowManyAndJson() {
        // when
        HistorySubcommand plain = (HistorySubcommand) parse("history");
        HistorySubcommand json = (HistorySubcommand) parse("history", "--last=5", "--json");

        // then
        assertThat(plain.last).isEqualTo(20);
        assertThat(plain.json).isFalse();
        assertThat(json.last).isEqualTo(5);
        assertThat(json.json).isTrue();
        assertThatThrownBy(() -> parse("history", "--last=0"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--last is a positive number: 0");
        assertThatThrownBy(() -> parse("history", "--last=x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--last is a positive number: x");
        assertThatThrownBy(() -> parse("history", "--report=r.json"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--report'");
    }
}
