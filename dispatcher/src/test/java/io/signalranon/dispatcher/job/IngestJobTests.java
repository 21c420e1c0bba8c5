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
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(
        classes = DispatcherApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:ingest-job-tests;DB_CLOSE_DELAY=-1",
            "dispatcher.report.directory=target/test-reports/ingest-job-tests",
            "dispatcher.ingest.chunk-size=3",
            "dispatcher.ingest.skip-limit=3"
        })
class IngestJobTests {

    private static final String CSV_HEADER = "user_id,segment,status,timestamp\n";

    @Autowired
    RunCommand runCommand;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JobRepository jobRepository;

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
    void ingestsChangesInChunksAndCountsReadsAndWrites() throws IOException {
        // given
        Path file = write(
                "changes.csv",
                CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\nu2,vip,enter,2026-11-22T09:00:00Z\n"
                        + "u3,vip,enter,2026-11-22T09:00:00Z\nu1,vip,exit,2026-11-22T10:00:00Z\nu4,leads,enter,2026-11-22T09:00:00Z\n");
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.CSV, file.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        StepExecution step = lastIngestStep();
        assertThat(step.getReadCount()).as("5 rows and the end of the file").isEqualTo(6);
        assertThat(step.getWriteCount()).isEqualTo(6);
        assertThat(step.getCommitCount()).isEqualTo(2);
        assertThat(members()).containsExactly("u2 vip", "u3 vip", "u4 leads");
        assertThat(output())
                .as("u1 entered in the first chunk and exited in the second")
                .contains("rows read 5", "memberships changed 5", "CDP ids changed: 3");
    }

    @Test
    void reingestingTheSameFileChangesNothingAndForceReadsItAgain() throws IOException {
        // given
        Path file = write(
                "changes.csv", CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\nu2,vip,exit,2026-11-22T09:00:00Z\n");
        run(options(new InputSpec(InputFormat.CSV, file.toString())));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-25T00:00:00Z")));
        // when
        ExitCode again = run(options(new InputSpec(InputFormat.CSV, file.toString())));
        String againOutput = output();
        ExitCode forced = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, file.toString()))
                .force(true)
                .build());
        // then
        assertThat(again).isEqualTo(ExitCode.COMPLETED);
        assertThat(againOutput).contains("files 0 (1 already ingested), rows read 0", "CDP ids changed: 0");
        assertThat(forced).isEqualTo(ExitCode.COMPLETED);
        assertThat(output()).contains("files 1 (0 already ingested), rows read 2", "memberships changed 0");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INGESTED_FILE", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void theSameCommandOnTheSameFilesIsNothingToDo() throws IOException {
        // given
        RunOptions options = options(new InputSpec(
                InputFormat.CSV,
                write("changes.csv", CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\n")
                        .toString()));
        run(options);
        // when
        ExitCode code = run(options);
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(output()).startsWith("Nothing to do");
    }

    @Test
    void anEmptyExportDirectoryIsNothingToDoUntilAFileArrives() throws IOException {
        // given
        Path exports = Files.createDirectories(dir.resolve("exports"));
        RunOptions options = options(new InputSpec(InputFormat.CSV, exports.toString()));
        int instancesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class);
        // when
        ExitCode empty = run(options);
        String emptyOutput = output();
        int instancesAfterEmpty = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class);
        Files.writeString(exports.resolve("changes.csv"), CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\n");
        ExitCode arrived = run(options);
        // then
        assertThat(empty).isEqualTo(ExitCode.COMPLETED);
        assertThat(emptyOutput.lines())
                .containsExactly("No export files yet: --input=csv:" + exports, "Nothing to do: no export files yet");
        assertThat(errors()).isEmpty();
        assertThat(instancesAfterEmpty).as("no job was launched").isEqualTo(instancesBefore);
        assertThat(arrived).isEqualTo(ExitCode.COMPLETED);
        assertThat(lastIngestStep().getWriteCount())
                .as("one row and the end of the file")
                .isEqualTo(2);
        assertThat(members()).containsExactly("u1 vip");
    }

    @Test
    void withAllAnEmptyExportDirectoryStillTargetsTheKnownUsers() throws IOException {
        // given
        Path file = write(
                "changes.csv", CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\nu2,vip,enter,2026-11-22T09:00:00Z\n");
        run(options(new InputSpec(InputFormat.CSV, file.toString())));
        Path exports = Files.createDirectories(dir.resolve("exports"));
        // when
        ExitCode code = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, exports + "/*.csv"))
                .offers(Path.of("../sample-data/offers.json"))
                .all(true)
                .dryRun(true)
                .build());
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(output())
                .contains("No export files yet: --input=csv:" + exports + "/*.csv", "users targeted: 2")
                .doesNotContain("Nothing to do");
    }

    @Test
    void aGlobInADirectoryThatDoesNotExistIsExitCode2() {
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.CSV, dir + "/missing/*.csv")));
        // then
        assertThat(code).isEqualTo(ExitCode.INVALID);
        assertThat(errors()).startsWith("error: " + dir + "/missing/*.csv: no such directory");
    }

    @Test
    void malformedRowsAreSkippedRecordedAndCounted() throws IOException {
        // given
        Path file = write(
                "changes.csv",
                CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\nu2,vip,maybe,2026-11-22T09:00:00Z\n"
                        + ",vip,enter,2026-11-22T09:00:00Z\nu3,vip,enter,yesterday\nu4,vip,enter,2026-11-22T09:00:00Z\n");
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.CSV, file.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(lastIngestStep().getReadSkipCount()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT FILE_NAME, LINE_NO, REASON FROM SKIPPED_ROW ORDER BY LINE_NO").stream()
                        .map(r -> r.get("FILE_NAME") + ":" + r.get("LINE_NO") + " " + r.get("REASON")))
                .containsExactly(
                        "changes.csv:3 unknown status", "changes.csv:4 missing id", "changes.csv:5 bad timestamp");
        assertThat(members()).containsExactly("u1 vip", "u4 vip");
        assertThat(output()).contains("rows skipped 3 (bad timestamp 1, missing id 1, unknown status 1)");
    }

    @Test
    void aRowThatIsNotUtf8IsSkippedNotRepairedIntoAnotherId() throws IOException {
        // given
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(CSV_HEADER.getBytes(StandardCharsets.UTF_8));
        bytes.write("caf\u00e9,vip,enter,2026-11-22T09:00:00Z\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("caf".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xE9);
        bytes.write(",vip,enter,2026-11-22T09:00:00Z\n".getBytes(StandardCharsets.US_ASCII));
        bytes.write("caf".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xFF);
        bytes.write(",vip,enter,2026-11-22T09:00:00Z\n".getBytes(StandardCharsets.US_ASCII));
        bytes.write("u2,vip,enter,2026-11-22T09:00:00Z".getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("latin1.csv"), bytes.toByteArray());
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.CSV, file.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        // (the valid UTF-8 "café" is skipped too: a visitor id is ASCII)
        assertThat(members()).containsExactly("u2 vip");
        assertThat(jdbc.queryForList("SELECT LINE_NO || ' ' || REASON FROM SKIPPED_ROW ORDER BY LINE_NO", String.class))
                .containsExactly("2 not a valid visitor id", "3 not UTF-8", "4 not UTF-8");
        assertThat(output())
                .contains("rows skipped 3 (")
                .contains("not UTF-8 2")
                .contains("not a valid visitor id 1");
    }

    @Test
    void moreMalformedRowsThanTheSkipLimitStopTheRunWithExitCode2() throws IOException {
        // given
        Path file = write("bad.csv", CSV_HEADER + "u1,vip,x\nu2,vip,x\nu3,vip,x\nu4,vip,x\nu5,vip,x\n");
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.CSV, file.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.INVALID);
        assertThat(errors()).startsWith("error: too many malformed rows").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aCorruptGzipStopsTheRunWithExitCode2NamingTheFile() throws IOException {
        // given
        byte[] gzip = gzip(CSV_HEADER + "u1,vip,enter,2026-11-22T09:00:00Z\n".repeat(2000));
        Path truncated = Files.write(dir.resolve("truncated.csv.gz"), Arrays.copyOf(gzip, gzip.length / 2));
        Path notGzip = write("plain.csv.gz", CSV_HEADER);
        // when
        ExitCode first = run(options(new InputSpec(InputFormat.CSV, truncated.toString())));
        String firstErrors = errors();
        ExitCode second = run(options(new InputSpec(InputFormat.CSV, notGzip.toString())));
        // then
        assertThat(first).isEqualTo(ExitCode.INVALID);
        assertThat(firstErrors.lines()).singleElement().asString().startsWith("error: " + truncated + ": corrupt gzip");
        assertThat(second).isEqualTo(ExitCode.INVALID);
        assertThat(errors()).contains(notGzip + ": corrupt gzip: Not in GZIP format");
    }

    @Test
    void aFileThatStopsHalfWayLeavesItsChangesToTheRunAfterTheFix() throws IOException {
        // given
        Path good =
                write("a.csv", CSV_HEADER + "a1,vip,enter,2026-11-22T09:00:00Z\na2,vip,enter,2026-11-22T09:00:00Z\n");
        StringBuilder rows = new StringBuilder(CSV_HEADER);
        for (int i = 0; i < 3000; i++) {
            rows.append("b").append(i).append(",vip,enter,2026-11-22T09:00:00Z\n");
        }
        byte[] gzip = gzip(rows.toString());
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.copy(good, exports.resolve("a.csv"));
        Path b = Files.write(exports.resolve("b.csv.gz"), Arrays.copyOf(gzip, gzip.length * 2 / 3));
        RunOptions options = options(new InputSpec(InputFormat.CSV, exports.toString()));
        // when
        ExitCode failed = run(options);
        String failedErrors = errors();
        int committedBeforeTheFix = jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class);
        ExitCode again = run(options);
        String againErrors = errors();
        Files.write(b, gzip);
        ExitCode fixed = run(options);
        // then
        assertThat(failed).isEqualTo(ExitCode.INVALID);
        assertThat(failedErrors)
                .startsWith("error: " + b + ": corrupt gzip")
                .contains("nothing of this run counts as ingested: fix or replace the file, then run again");
        assertThat(committedBeforeTheFix)
                .as("some chunks of b.csv.gz had committed")
                .isGreaterThan(2);
        assertThat(again).isEqualTo(ExitCode.INVALID);
        assertThat(againErrors).contains("failed on its input as execution");
        assertThat(fixed).isEqualTo(ExitCode.COMPLETED);
        assertThat(output())
                .as("the same as one uninterrupted run")
                .contains("files 2 (0 already ingested), rows read 3002", "CDP ids changed: 3002");
        assertThat(jdbc.queryForList("SELECT FILE_NAME FROM INGESTED_FILE ORDER BY 1", String.class))
                .containsExactly("a.csv", "b.csv.gz");
    }

    @Test
    void aFileThatDisappearsBeforeTheRunIsExitCode2() throws IOException {
        // given
        Path file = write("changes.csv", CSV_HEADER);
        RunOptions options = options(new InputSpec(InputFormat.CSV, file.toString()));
        Files.delete(file);
        // when
        ExitCode code = run(options);
        // then
        assertThat(code).isEqualTo(ExitCode.INVALID);
        assertThat(errors()).startsWith("error: " + file + ": no such file or directory");
    }

    @Test
    void aPartialUnomiExportChangesOnlyTheProfilesItLists() throws IOException {
        // given
        Path first = write("unomi-1.csv", "profileId;nbOfVisits;segments\np1;1;\"leads,vip\"\np2;2;leads\n");
        Files.setLastModifiedTime(first, FileTime.from(Instant.parse("2026-11-20T00:00:00Z")));
        run(options(new InputSpec(InputFormat.UNOMI_CSV, first.toString())));
        Path second = write("unomi-2.csv", "profileId;nbOfVisits;segments\np1;3;leads\np3;1;vip\n");
        Files.setLastModifiedTime(second, FileTime.from(Instant.parse("2026-11-21T00:00:00Z")));
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.UNOMI_CSV, second.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(members()).as("p2 is not listed: it keeps leads").containsExactly("p1 leads", "p2 leads", "p3 vip");
        assertThat(output()).contains("memberships changed 2", "CDP ids changed: 2");
    }

    @Test
    void aFullUnomiExportIsEveryListedProfilesWholeMembership() throws IOException {
        // given
        Path first = write("unomi-1.csv", "profileId;nbOfVisits;segments\np1;1;\"leads,vip\"\np2;2;leads\n");
        Files.setLastModifiedTime(first, FileTime.from(Instant.parse("2026-11-20T00:00:00Z")));
        run(options(new InputSpec(InputFormat.UNOMI_CSV, first.toString())));
        Path second = write("unomi-2.csv", "profileId;nbOfVisits;segments\np1;3;vip\np2;2;\n");
        Files.setLastModifiedTime(second, FileTime.from(Instant.parse("2026-11-21T00:00:00Z")));
        // when
        ExitCode code = run(options(new InputSpec(InputFormat.UNOMI_CSV, second.toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(members()).containsExactly("p1 vip");
        assertThat(output()).contains("rows read 1,", "memberships changed 2", "CDP ids changed: 2");
    }

    @Test
    void usersAndTheSuppressionListAreLoadedEachRun() throws IOException {
        // given
        Path export = write("changes.csv", CSV_HEADER + "c1,vip,enter,2026-11-22T09:00:00Z\n");
        Path users = write(
                "users.csv",
                "user_id,cdp_id,consent\nweb-1,c1,y\napp-1,c1,DENIED\nc2,,\nrev,c3,Revoked\n" + "bad\u0007id,c4,y\n");
        Path suppress = write("suppress.txt", "web-1\n\n# a comment\nother\n");
        // when
        ExitCode code = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, export.toString()))
                .users(users)
                .suppress(suppress)
                .build());
        List<String> mapping = jdbc.queryForList(
                "SELECT USER_ID || '>' || CDP_ID || ':' || CASE WHEN CONSENT THEN 'TRUE' ELSE 'FALSE' END"
                        + " FROM USER_MAPPING ORDER BY USER_ID",
                String.class);
        List<String> suppressed = jdbc.queryForList("SELECT USER_ID FROM SUPPRESSION ORDER BY USER_ID", String.class);
        run(options(new InputSpec(InputFormat.CSV, write("more.csv", CSV_HEADER).toString())));
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(mapping)
                .as("an empty consent cell withholds")
                .containsExactly("app-1>c1:FALSE", "c2>c2:FALSE", "rev>c3:FALSE", "web-1>c1:TRUE");
        assertThat(suppressed).containsExactly("other", "web-1");
        assertThat(jdbc.queryForObject("SELECT REASON FROM SKIPPED_ROW WHERE FILE_NAME = 'users.csv'", String.class))
                .isEqualTo("control characters");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM USER_MAPPING", Integer.class))
                .as("no users file")
                .isZero();
    }

    @Test
    void aUserIdWithTwoCdpIdsIsTargetedWhenEitherChangesAndDecidedOnTheirUnion() throws IOException {
        // given
        Path users = write("users.csv", "user_id,cdp_id,consent\nweb-1,c1,y\nweb-1,c2,yes\nweb-2,c3,y\n");
        Path offers = write("offers.json", """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "vip-cart", "placement": "hero", "priority": 50, "eligibility": {"all": ["cart", "vip"]},
                             "content": {"title": "for carts of vips"}}]}
                """);
        Path first = write("first.csv", CSV_HEADER + "c1,cart,enter,2026-11-22T09:00:00Z\n");
        Path second = write("second.csv", CSV_HEADER + "c2,vip,enter,2026-11-23T09:00:00Z\n");
        Path report = dir.resolve("report.ndjson");
        ExitCode firstRun = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, first.toString()))
                .users(users)
                .offers(offers)
                .emulator(true)
                .build());
        assertThat(firstRun)
                .as("the first run, sent to the in-process emulator")
                .isEqualTo(ExitCode.COMPLETED);
        // when
        ExitCode code = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, second.toString()))
                .users(users)
                .offers(offers)
                .dryRun(true)
                .dryRunReport(report)
                .build());
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(jdbc.queryForList(
                        "SELECT USER_ID || '>' || CDP_ID FROM USER_MAPPING ORDER BY USER_ID, CDP_ID", String.class))
                .containsExactly("web-1>c1", "web-1>c2", "web-2>c3");
        assertThat(Files.readAllLines(report))
                .as("one message for web-1, decided on the audiences of c1 and c2")
                .singleElement()
                .asString()
                .contains("\"userId\":\"web-1\"", "vip-cart");
        assertThat(output()).contains("users.csv: 2 users, 1 duplicate rows", "dry run: messages planned 1");
    }

    @Test
    void theRunKeyIdentifiesTheInputsAndAsOfIsIdentifyingOnlyWhenGiven() throws IOException {
        // given
        Path file = write("changes.csv", CSV_HEADER);
        // when
        run(options(new InputSpec(InputFormat.CSV, file.toString())));
        JobExecution implicit = lastExecution();
        run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, file.toString()))
                .asOf(Instant.parse("2026-12-01T00:00:00Z"))
                .all(true)
                .dryRun(true)
                .build());
        JobExecution explicit = lastExecution();
        // then
        assertThat(implicit.getJobParameters().getIdentifyingParameters())
                .extracting(JobParameter::name)
                .containsExactly("run.key");
        assertThat(implicit.getExecutionContext().getString("as-of")).isNotBlank();
        assertThat(explicit.getJobParameters().getIdentifyingParameters())
                .extracting(JobParameter::name)
                .containsExactlyInAnyOrder("run.key", "as-of");
        assertThat(explicit.getExecutionContext().getString("as-of")).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(explicit.getJobParameters().getString("all")).isEqualTo("true");
        assertThat(explicit.getJobParameters().getString("dry-run")).isEqualTo("true");
        assertThat(explicit.getJobParameters().getString("inputs")).isEqualTo("csv:" + file);
    }

    @Test
    void theSampleDataShowsChangesAndCountsThatAgree() {
        // given
        RunOptions samples = RunOptions.sampleData(Path.of(".."));
        // when
        ExitCode code = run(samples);
        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(output())
                .contains(
                        "aep-json:",
                        "aep-csv:",
                        "segment:",
                        "mparticle:",
                        "unomi-csv:",
                        "csv:",
                        "(unknown status 1)",
                        "(missing id 1)");
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT CDP_ID) FROM MEMBERSHIP", Integer.class))
                .isGreaterThan(20);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM USER_MAPPING", Integer.class))
                .isPositive();
        // the summary's counts agree with each other and with the tables: six file ends and a Unomi profile
        // without segments are items Spring Batch reads besides the rows
        long rowsRead = 0;
        long rowsSkipped = 0;
        Matcher perInput = Pattern.compile(
                        "    files \\d+ \\(\\d+ already ingested\\), rows read (\\d+), rows skipped (\\d+)")
                .matcher(output());
        while (perInput.find()) {
            rowsRead += Long.parseLong(perInput.group(1));
            rowsSkipped += Long.parseLong(perInput.group(2));
        }
        StepExecution step = lastIngestStep();
        long fileEnds = 6;
        long profilesWithoutSegments = 1;
        long markers = fileEnds + profilesWithoutSegments;
        assertThat(rowsSkipped)
                .isEqualTo(3)
                .isEqualTo(step.getSkipCount())
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM SKIPPED_ROW", Long.class));
        assertThat(rowsRead + markers).isEqualTo(step.getReadCount()).isEqualTo(step.getWriteCount());
        assertThat(output())
                .contains("  ingest step: rows read " + rowsRead + ", rows skipped 3, ")
                .contains("items read " + step.getReadCount() + " (" + rowsRead + " rows and " + markers
                        + " file ends or listed profiles without segments), written " + step.getWriteCount()
                        + ", skipped 3, commits " + step.getCommitCount());
    }

    private ExitCode run(RunOptions options) {
        out.reset();
        err.reset();
        return runCommand.run(
                options,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static RunOptions options(InputSpec input) {
        return RunOptions.builder().inputs(List.of(input)).build();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private List<String> members() {
        return jdbc.queryForList(
                "SELECT CDP_ID || ' ' || AUDIENCE FROM MEMBERSHIP WHERE MEMBER ORDER BY 1", String.class);
    }

    private JobExecution lastExecution() {
        JobInstance instance = jobRepository.getLastJobInstance(BatchNames.DISPATCH_JOB);
        return jobRepository.getLastJobExecution(instance);
    }

    private StepExecution lastIngestStep() {
        return lastExecution().getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("ingest"))
                .findFirst()
                .orElseThrow();
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
