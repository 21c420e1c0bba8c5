package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherCommandLineTests {

    @TempDir
    Path dir;

    @Test
    void parsesEveryRunOption() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        Path users = Files.writeString(dir.resolve("users.csv"), "user_id\n");
        Path suppress = Files.writeString(dir.resolve("suppress.txt"), "");
        Path offers = Files.writeString(dir.resolve("offers.json"), "{}");
        // when
        Subcommand command = CommandLines.parse(
                dir,
                "run",
                "--input=csv:" + export,
                "--input=unomi-csv:" + export,
                "--users=" + users,
                "--suppress=" + suppress,
                "--offers=" + offers,
                "--as-of=2026-12-01T00:00:00Z",
                "--all",
                "--dry-run=" + dir.resolve("report.ndjson"),
                "--force");
        // then
        RunOptions options = ((RunSubcommand) command).run.options();
        assertThat(options.inputs())
                .containsExactly(
                        new InputSpec(InputFormat.CSV, export.toString()),
                        new InputSpec(InputFormat.UNOMI_CSV, export.toString()));
        assertThat(options.users()).isEqualTo(users);
        assertThat(options.suppress()).isEqualTo(suppress);
        assertThat(options.offers()).isEqualTo(offers);
        assertThat(options.asOf()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(options.all()).isTrue();
        assertThat(options.dryRun()).isTrue();
        assertThat(options.dryRunReport()).isEqualTo(dir.resolve("report.ndjson"));
        assertThat(options.force()).isTrue();
    }

    @Test
    void withoutInputsUsersAndOffersUsesSampleData() throws IOException {
        // given
        Files.createDirectories(dir.resolve("sample-data/csv"));
        Files.createDirectories(dir.resolve("sample-data/aep-json"));
        Files.writeString(dir.resolve("sample-data/csv/a.csv"), "user_id,segment\n");
        Files.writeString(dir.resolve("sample-data/aep-json/a.json"), "");
        Files.writeString(dir.resolve("sample-data/users.csv"), "user_id\n");
        // when
        RunOptions options = ((RunSubcommand) CommandLines.parse(dir, "run", "--dry-run")).run.options();
        // then
        assertThat(options.inputs())
                .extracting(InputSpec::format)
                .containsExactly(InputFormat.AEP_JSON, InputFormat.CSV);
        assertThat(options.users()).isEqualTo(dir.resolve("sample-data/users.csv"));
        assertThat(options.offers()).isNull();
        assertThat(options.dryRun()).isTrue();
        assertThat(options.dryRunReport()).isNull();
    }

    @Test
    void rejectsWhatCannotRun() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        // when / then
        assertUsage("missing command");
        assertUsage("unknown command 'send'", "send");
        assertUsage("unknown option '--bogus'", "run", "--bogus");
        assertUsage("no sample-data", "run");
        assertUsage("unknown input format 'parquet'", "run", "--input=parquet:" + export);
        assertUsage("FORMAT:PATH", "run", "--input=" + export);
        assertUsage("no such file", "run", "--input=csv:" + dir.resolve("missing.csv"));
        assertUsage("no such directory", "run", "--input=csv:" + dir.resolve("missing/*.json"));
        assertUsage("--users: no readable file", "run", "--users=" + dir.resolve("nope.csv"));
        assertUsage("--as-of must be", "run", "--input=csv:" + export, "--as-of=tomorrow");
        assertUsage("--all takes no value", "run", "--input=csv:" + export, "--all=yes");
        assertUsage("--force given twice", "run", "--input=csv:" + export, "--force", "--force");
        assertUsage("--offers needs a value", "run", "--offers");
    }

    @Test
    void helpIsACommandAndAnOptionOfRun() {
        // when / then
        String main = CommandLines.help("--help");
        assertThat(main).startsWith("Usage: java -jar dispatcher.jar run ");
        assertThat(CommandLines.help("-h")).isEqualTo(main);
        assertThat(CommandLines.help("help")).isEqualTo(main);
        assertThat(CommandLines.help("run", "--all", "--help"))
                .startsWith("Usage: java -jar dispatcher.jar run ")
                .isEqualTo(CommandLines.help("help", "run"))
                .doesNotContain("schedule --cron");
        assertThat(CommandLines.help("send", "--help")).isEqualTo(main);
    }

    @Test
    void settingsPassAnywhereAndADryRunTakesOnlyAnAttachedReport() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("a.csv"), "user_id,segment\n");
        // when
        DispatcherCommandLine.Execution execution = (DispatcherCommandLine.Execution) DispatcherCommandLine.parse(
                "--spring.datasource.url=jdbc:h2:mem:x",
                "run",
                "--input=csv:" + export,
                "--dry-run",
                "--dispatcher.delivery.chunk-size=7",
                "--report=reports");
        execution.subcommand().validate(dir);
        // then
        assertThat(execution.settings())
                .containsExactly(
                        "--spring.datasource.url=jdbc:h2:mem:x",
                        "--dispatcher.delivery.chunk-size=7",
                        "--dispatcher.report.file=reports");
        RunOptions options = ((RunSubcommand) execution.subcommand()).run.options();
        assertThat(options.dryRun()).isTrue();
        assertThat(options.dryRunReport()).isNull();
        assertUsage("unknown option 'report.ndjson'", "run", "--input=csv:" + export, "--dry-run", "report.ndjson");
        assertUsage("unknown option '--spring'", "run", "--input=csv:" + export, "--spring=x");
    }

    private void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> CommandLines.parse(dir, args))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
