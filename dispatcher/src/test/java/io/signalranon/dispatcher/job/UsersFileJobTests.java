package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** users.csv and the suppression list: consent fails closed, unknown columns stop the run, duplicates. */
@SpringBootTest(
        classes = DispatcherApplication.class,
        properties = "spring.datasource.url=jdbc:h2:mem:users-file-job-tests;DB_CLOSE_DELAY=-1")
class UsersFileJobTests {

    private static final String CATALOG = """
            {"placements": [{"id": "hero", "maxItems": 1}],
             "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                         "content": {"title": "10% off your cart"}}]}
            """;

    @Autowired
    RunCommand runCommand;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void emptyProjectTables() {
        for (String table :
                List.of("MEMBERSHIP", "SNAPSHOT_SEEN", "USER_MAPPING", "SUPPRESSION", "INGESTED_FILE", "SKIPPED_ROW")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @Test
    void consentFailsClosedAndUnknownValuesAreWithheldAndReported() throws IOException {
        // given
        Path users = write("users.csv", """
                user_id,cdp_id,consent
                u-yes,c1,Yes
                u-true,c2,TRUE
                u-1,c3, 1
                u-optin,c4,opt-in
                u-no,c5,No
                u-false,c6,FALSE
                u-0,c7,0
                u-optout,c8,opt-out
                u-empty,c9,
                u-maybe,c10,maybe
                u-short,c11
                u-long,c12,y,extra
                web-1457\u200b5006,c13,y
                web 14575006,c14,y
                """);
        // when
        ExitCode code = dryRun(users, null, cartAbandoners(12));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        Map<String, String> report = report();
        assertThat(report)
                .containsOnlyKeys(
                        "u-yes",
                        "u-true",
                        "u-1",
                        "u-optin",
                        "u-no",
                        "u-false",
                        "u-0",
                        "u-optout",
                        "u-empty",
                        "u-maybe");
        assertThat(report.entrySet().stream()
                        .filter(e -> !e.getValue().contains("no-consent"))
                        .map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("u-yes", "u-true", "u-1", "u-optin");
        assertThat(skippedRows())
                .containsExactly(
                        "users.csv:11 unknown consent",
                        "users.csv:12 wrong field count",
                        "users.csv:13 wrong field count",
                        "users.csv:14 not a valid visitor id",
                        "users.csv:15 not a valid visitor id");
        assertThat(output())
                .contains(
                        "users.csv: 10 users, 0 duplicate rows",
                        "consent withheld for 1 unknown consent values (in SKIPPED_ROW): users.csv:11 'maybe'",
                        "dry run: messages planned 4",
                        "no consent 6");
        assertThat(Files.getPosixFilePermissions(dir.resolve("report.ndjson")))
                .as("the dry-run report names users: its owner only may read it")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aDuplicateUserKeepsTheMostRestrictiveConsent() throws IOException {
        // given
        Path users = write("users.csv", "user_id,cdp_id,consent\nweb-1,c1,n\nweb-1,c1,y\nweb-2,c2,y\nweb-2,c2,y\n");
        // when
        ExitCode code = dryRun(users, null, cartAbandoners(2));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(report()).containsOnlyKeys("web-1", "web-2");
        assertThat(report().get("web-1")).contains("no-consent");
        assertThat(report().get("web-2")).contains("cart-10");
        assertThat(output()).contains("users.csv: 2 users, 2 duplicate rows (the most restrictive consent kept)");
    }

    @Test
    void withoutAConsentColumnConsentIsHandledUpstreamAndTheSummarySaysSo() throws IOException {
        // given
        Path users = write("users.csv", "user_id,cdp_id\nweb-1,c1\n");
        // when
        ExitCode code = dryRun(users, null, cartAbandoners(1));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(report().get("web-1")).contains("cart-10");
        assertThat(output()).contains("consent: users.csv has no consent column, so consent is handled upstream");
    }

    @Test
    void anUnknownColumnInUsersCsvOrTheSuppressionListIsExitCode2NamingIt() throws IOException {
        // given
        Path typo = write("users.csv", "user_id,cdp_id,consnet\nweb-1,c1,n\n");
        Path users = write("good-users.csv", "user_id,cdp_id,consent\nweb-1,c1,y\n");
        Path suppress = write("suppress.csv", "user_id,reason\nweb-1,complaint\n");
        // when
        ExitCode typoCode = dryRun(typo, null, cartAbandoners(1));
        String typoErrors = errors();
        ExitCode suppressCode = dryRun(users, suppress, cartAbandoners(1));
        // then
        assertThat(typoCode).isEqualTo(ExitCode.INVALID);
        assertThat(typoErrors.lines())
                .singleElement()
                .asString()
                .startsWith("error: " + typo
                        + ": unknown column 'consnet' in the header (known columns: user_id, cdp_id, consent)");
        assertThat(suppressCode).isEqualTo(ExitCode.INVALID);
        assertThat(errors()).contains(suppress + ": unknown column 'reason' in the header (known columns: user_id)");
    }

    private Path cartAbandoners(int cdpIds) throws IOException {
        StringBuilder csv = new StringBuilder("user_id,segment,status,timestamp\n");
        for (int i = 1; i <= cdpIds; i++) {
            csv.append("c").append(i).append(",cart_abandoners,enter,2026-11-30T10:00:00Z\n");
        }
        return write("changes-" + cdpIds + ".csv", csv.toString());
    }

    private ExitCode dryRun(Path users, Path suppress, Path export) throws IOException {
        out.reset();
        err.reset();
        return runCommand.run(
                RunOptions.builder()
                        .input(new InputSpec(InputFormat.CSV, export.toString()))
                        .users(users)
                        .suppress(suppress)
                        .offers(write("offers.json", CATALOG))
                        .asOf(Instant.parse("2026-12-01T00:00:00Z"))
                        .dryRun(true)
                        .dryRunReport(dir.resolve("report.ndjson"))
                        .force(true)
                        .build(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Map<String, String> report() throws IOException {
        return Files.readAllLines(dir.resolve("report.ndjson")).stream()
                .collect(Collectors.toMap(line -> line.replaceAll(".*\"userId\":\"([^\"]*)\".*", "$1"), line -> line));
    }

    private List<String> skippedRows() {
        return jdbc.queryForList(
                "SELECT FILE_NAME || ':' || LINE_NO || ' ' || REASON FROM SKIPPED_ROW ORDER BY LINE_NO", String.class);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
