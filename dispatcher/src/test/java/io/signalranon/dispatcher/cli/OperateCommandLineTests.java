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
