package io.signalranon.negotiate.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.negotiate.contract.NegotiateContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the service refuses at start, with exit code 2 and a message that names no secret. */
class NegotiateServiceMainTests {

    private static final String SHORT_KEY = "k1:c2hvcnQ=";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        CommandLine line = NegotiateServiceMain.commandLine(
                new NegotiateServiceMain(environment::get, new PrintWriter(out, true)));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private String negotiateFile(String json) throws Exception {
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, json);
        return "--negotiate=" + file;
    }

    @Test
    void neverStartsWithoutVisitorKeysForSignedCookies() throws Exception {
        // when
        int code = run(
                Map.of("SIGNALR_CONNECTION_STRING", NegotiateContract.CONNECTION_STRING),
                negotiateFile("{\"hub\": \"offers\"}"),
                "--port=0");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("signalr-negotiate: no visitor keys")
                .contains("SIGNALR_ANON_VISITOR_KEYS=kid:<base64 key of at least 32 bytes>");
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void aShortKeyAMissingConnectionStringOrABadFileAreExit2WithoutTheKey() throws Exception {
        // when
        int shortKey = run(
                Map.of(
                        "SIGNALR_CONNECTION_STRING",
                        NegotiateContract.CONNECTION_STRING,
                        "SIGNALR_ANON_VISITOR_KEYS",
                        SHORT_KEY),
                negotiateFile("{\"hub\": \"offers\"}"));
        String shortKeyError = err.toString();
        err.getBuffer().setLength(0);
        int noConnection = run(
                Map.of("SIGNALR_ANON_VISITOR_KEYS", NegotiateContract.VISITOR_KEYS),
                negotiateFile("{\"hub\": \"offers\"}"));
        String noConnectionError = err.toString();
        err.getBuffer().setLength(0);
        int longTokens = run(
                Map.of(
                        "SIGNALR_CONNECTION_STRING",
                        NegotiateContract.CONNECTION_STRING,
                        "SIGNALR_ANON_VISITOR_KEYS",
                        NegotiateContract.VISITOR_KEYS),
                negotiateFile("{\"hub\": \"offers\", \"tokenLifetimeSeconds\": 2592000}"));
        String longTokensError = err.toString();
        err.getBuffer().setLength(0);
        int missingOption = run(Map.of());

        // then
        assertThat(shortKey).isEqualTo(2);
        assertThat(shortKeyError).contains("key k1 is 5 bytes long").doesNotContain("c2hvcnQ");
        assertThat(noConnection).isEqualTo(2);
        assertThat(noConnectionError)
                .contains("no connection string: set SIGNALR_CONNECTION_STRING or AzureSignalRConnectionString");
        assertThat(longTokens).isEqualTo(2);
        assertThat(longTokensError).contains("from 1 to 86400 (24 hours)");
        assertThat(missingOption).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--negotiate=FILE'");
    }

    @Test
    void aKeyWrittenIntoNegotiateJsonIsExit2OnOneLineWithoutTheKey() throws Exception {
        // given
        String file =
                negotiateFile("{\"hub\": \"offers\", \"visitorKeys\": \"" + NegotiateContract.VISITOR_KEYS + "\"}");

        // when
        int code = run(
                Map.of(
                        "SIGNALR_CONNECTION_STRING",
                        NegotiateContract.CONNECTION_STRING,
                        "SIGNALR_ANON_VISITOR_KEYS",
                        NegotiateContract.VISITOR_KEYS),
                file,
                "--port=0");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("signalr-negotiate: " + dir.resolve("negotiate.json")
                        + " is not a valid negotiate.json: unknown member 'visitorKeys': keys never belong in"
                        + " negotiate.json, they come only from the environment (SIGNALR_ANON_VISITOR_KEYS,"
                        + " SIGNALR_CONNECTION_STRING)")
                .doesNotContain("AAECAwQF", "ZGVmZ2hp")
                .hasLineCount(1);
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void helpListsTheOptionsAndTheEnvironment() {
        // when
        int code = run(Map.of(), "--help");

        // then
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("--negotiate=FILE", "--port=PORT", "--trust-forwarded-for", "SIGNALR_ANON_VISITOR_KEYS");
    }
}
