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

    private Command parse(String... args) {
        return new CommandLineParser(dir).parse(args);
    }

    @Test
    void scheduleTakesACronExpressionAndTheOptionsOfRun() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        // when
        Command.Schedule schedule =
                (Command.Schedule) parse("schedule", "--cron=0 */15 * * * *", "--input=csv:" + export, "--all");
        // then
        assertThat(schedule.cron().next(LocalDateTime.parse("2026-12-01T10:07:00")))
                .isEqualTo("2026-12-01T10:15:00");
        assertThat(schedule.options().inputs()).containsExactly(new InputSpec(InputFormat.CSV, export.toString()));
        assertThat(schedule.options().all()).isTrue();
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
        assertThat(parse("restart")).isEqualTo(new Command.Restart(null));
        assertThat(parse("restart", "42")).isEqualTo(new Command.Restart(42L));
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
        assertThat(parse("failures")).isEqualTo(new Command.Failures(null, false, false));
        assertThat(parse("failures", "--execution=7", "--json", "--show-message"))
                .isEqualTo(new Command.Failures(7L, true, true));
        assertThat(parse("reprocess")).isEqualTo(new Command.Reprocess(null));
        assertThat(parse("reprocess", "--execution=3")).isEqualTo(new Command.Reprocess(3L));
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
        assertThat(parse("reprocess", "--help")).isEqualTo(new Command.CommandHelp("reprocess"));
        assertThat(parse("schedule", "--help")).isEqualTo(new Command.CommandHelp("schedule"));
    }

    @Test
    void historyTakesHowManyAndJson() {
        // when
        Command plain = parse("history");
        Command json = parse("history", "--last=5", "--json");

        // then
        assertThat(plain).isEqualTo(new Command.History(20, false));
        assertThat(json).isEqualTo(new Command.History(5, true));
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
