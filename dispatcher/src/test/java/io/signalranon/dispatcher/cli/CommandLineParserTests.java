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

class CommandLineParserTests {

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
        Command command = new CommandLineParser(dir)
                .parse(
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
        RunOptions options = ((Command.Run) command).options();
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
        RunOptions options = ((Command.Run) new CommandLineParser(dir).parse("run", "--dry-run")).options();
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
        CommandLineParser parser = new CommandLineParser(dir);
        // when / then
        assertUsage(parser, "missing command");
        assertUsage(parser, "unknown command 'send'", "send");
        assertUsage(parser, "unknown option '--bogus'", "run", "--bogus");
        assertUsage(parser, "no sample-data", "run");
        assertUsage(parser, "unknown input format 'parquet'", "run", "--input=parquet:" + export);
        assertUsage(parser, "FORMAT:PATH", "run", "--input=" + export);
        assertUsage(parser, "no such file", "run", "--input=csv:" + dir.resolve("missing.csv"));
        assertUsage(parser, "no such directory", "run", "--input=csv:" + dir.resolve("missing/*.json"));
        assertUsage(parser, "--users: no readable file", "run", "--users=" + dir.resolve("nope.csv"));
        assertUsage(parser, "--as-of must be", "run", "--input=csv:" + export, "--as-of=tomorrow");
        assertUsage(parser, "--all takes no value", "run", "--input=csv:" + export, "--all=yes");
        assertUsage(parser, "--force given twice", "run", "--input=csv:" + export, "--force", "--force");
        assertUsage(parser, "--offers needs a value", "run", "--offers");
    }

    @Test
    void helpIsACommandAndAnOptionOfRun() {
        // when / then
        assertThat(new CommandLineParser(dir).parse("--help")).isInstanceOf(Command.Help.class);
        assertThat(new CommandLineParser(dir).parse("run", "--all", "--help"))
                .isEqualTo(new Command.CommandHelp("run"));
        assertThat(new CommandLineParser(dir).parse("send", "--help")).isInstanceOf(Command.Help.class);
    }

    private static void assertUsage(CommandLineParser parser, String message, String... args) {
        assertThatThrownBy(() -> parser.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
