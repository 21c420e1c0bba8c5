package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherCliTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final DispatcherCli cli = new DispatcherCli(
            DispatcherApplication.class,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void helpListsCommandsOptionsAndExitCodes() {
        // when
        int code = cli.run("--help");
        // then
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "run [--input=FORMAT:PATH]...",
                        "--input=FORMAT:PATH",
                        "--users=PATH",
                        "--suppress=PATH",
                        "--offers=PATH",
                        "--as-of=ISO-INSTANT",
                        "--all",
                        "--dry-run[=FILE]",
                        "--force",
                        "aep-json, aep-csv, segment, mparticle, unomi-csv, csv",
                        "Exit codes",
                        "4  the run failed",
                        "schedule --cron=EXPRESSION",
                        "restart [--report=PATH] [EXECUTION_ID]",
                        "failures [--execution=N] [--json] [--show-message]",
                        "reprocess [--execution=N]",
                        "history [--last=N] [--json]",
                        "--report=PATH",
                        "management.server.port",
                        "SIGTERM");
    }

    @Test
    void aCommandsHelpPrintsThatCommandsOptions() {
        // when
        int failures = cli.run("failures", "--help");
        String failuresHelp = out.toString(StandardCharsets.UTF_8);
        out.reset();
        int run = cli.run("run", "--help");
        // then
        assertThat(failures).isZero();
        assertThat(failuresHelp)
                .startsWith("Usage: java -jar dispatcher.jar failures")
                .contains("--show-message")
                .doesNotContain("--input", "schedule");
        assertThat(run).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: java -jar dispatcher.jar run [--input=FORMAT:PATH]...")
                .contains("--input=FORMAT:PATH", "--dry-run[=FILE]", "Exit codes")
                .doesNotContain("failures [--execution=N]");
    }

    @Test
    void anUnknownOptionIsOneLineAndAHint() {
        // when
        int code = cli.run("run", "--inptu=csv:x.csv");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("error: unknown option '--inptu'", "Try 'java -jar dispatcher.jar --help'.");
        assertThat(out.size()).isZero();
    }

    @Test
    void aMissingInputFileExitsWith2BeforeAnythingStarts() {
        // when
        int code = cli.run("run", "--input=csv:does-not-exist/changes.csv");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: --input does-not-exist/changes.csv: no such file or directory");
    }

    @Test
    void settingsGivenAsOptionsReachTheApplication(@TempDir Path dir) throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("changes.csv"), "user_id,segment\nu1,vip\n");
        // when
        int code = cli.run(
                "run",
                "--input=csv:" + export,
                "--spring.datasource.url=jdbc:h2:mem:cli-settings",
                "--dispatcher.delivery.chunk-size=0");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dispatcher.delivery.chunk-size must be >= 1, got 0");
    }

    @Test
    void aBadConnectionStringNamesItsSettingAndTheExpectedFormButNotTheKey(@TempDir Path dir) throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("changes.csv"), "user_id,segment\nu1,vip\n");
        Path offers = Path.of("../sample-data/offers.json");
        String key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWstMDEyMzQ1Njc4OQ==";
        // when
        int code = cli.run(
                "run",
                "--input=csv:" + export,
                "--offers=" + offers,
                "--spring.datasource.url=jdbc:h2:mem:cli-connection-string",
                "--dispatcher.signalr.connection-string=Endpoint=https://x.service.signalr.net;AccessKey=" + key
                        + ";Version=2.0;");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: the connection string in dispatcher.signalr.connection-string: Version")
                .contains("(expected Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;")
                .contains("AuthType=azure|azure.msi|azure.app")
                .doesNotContain(key);
    }

    @Test
    void aRunThatWouldSendWithoutAConnectionStringIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        // given: an export and a catalog of the user's own, no connection string
        Path export = Files.writeString(dir.resolve("changes.csv"), "user_id,segment\nu1,cart_abandoners\n");
        Path offers = Path.of("../sample-data/offers.json");
        // when
        int code = cli.run(
                "run",
                "--input=csv:" + export,
                "--offers=" + offers,
                "--spring.datasource.url=jdbc:h2:mem:cli-no-connection-string");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("error: no SignalR connection string: set SIGNALR_CONNECTION_STRING,"
                        + " AzureSignalRConnectionString or dispatcher.signalr.connection-string (or give --emulator"
                        + " to send to an in-process emulator)");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ingest step");
    }

    @Test
    void withEmulatorARunSendsToAnInProcessEmulator(@TempDir Path dir) throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("changes.csv"), "user_id,segment\nu1,cart_abandoners\n");
        Path offers = Path.of("../sample-data/offers.json");
        // when
        int code = cli.run(
                "run",
                "--input=csv:" + export,
                "--offers=" + offers,
                "--emulator",
                "--as-of=2026-12-01T00:00:00Z",
                "--spring.datasource.url=jdbc:h2:mem:cli-emulator",
                "--dispatcher.report.directory=" + dir.resolve("reports"));
        // then
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the in-process SignalR emulator accepted");
    }

    @Test
    void anEmptyReportPathIsOneLineAndAHint() {
        // when
        int code = cli.run("run", "--report=");
        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "error: --report needs a value: --report=PATH", "Try 'java -jar dispatcher.jar --help'.");
    }
}
