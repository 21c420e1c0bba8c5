package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.bench.SyntheticExports;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import io.signalranon.dispatcher.support.TestDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the fat jar in a child JVM, kills it with SIGKILL in the middle of a large file (200,000 rows, past its
 * first 100,000), runs the same command again, and compares the store with that of an uninterrupted run (in the
 * test's JVM).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
class KillAndResumeIntegrationTests {

    @Parameter
    DatabaseKind database;

    private static final Path JAR = Path.of("target/dispatcher.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidIngestResumesWithNothingLostAndNothingDoubled() throws Exception {
        // given
        SyntheticExports exports = new SyntheticExports(InputFormat.CSV, 50_000, 40, 4, true, 7);
        Path input = exports.writeTo(dir.resolve("in")).get(0);
        String[] command = {"run", "--input=csv:" + input};
        Path reference = Files.createDirectories(dir.resolve("reference"));
        Path killed = Files.createDirectories(dir.resolve("killed"));
        TestDb referenceDb = database.fresh(getClass(), "reference", reference);
        TestDb killedDb = database.fresh(getClass(), "killed", killed);
        assertThat(InProcessDispatcher.run(reference, Map.of(), referenceDb.settings(), command)
                        .exitCode())
                .isZero();

        // when
        Process process = start(killed, killedDb, command);
        List<String> firstOutput = new ArrayList<>();
        CountDownLatch progress = new CountDownLatch(1);
        Thread pump = pump(process, firstOutput, progress);
        assertThat(progress.await(120, TimeUnit.SECONDS))
                .as("ingest progress before the kill")
                .isTrue();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        pump.join(10_000);
        Result resumed = run(killed, killedDb, command);

        // then
        assertThat(firstOutput).noneMatch(line -> line.startsWith("Run completed"));
        assertThat(resumed.exitCode).as(String.join("\n", resumed.output)).isZero();
        assertThat(resumed.output).anyMatch(line -> line.startsWith("Resuming the interrupted run"));
        assertThat(resumed.output)
                .as("the execution is named with the run it resumes, and its counts cover both executions")
                .anySatisfy(line -> assertThat(line)
                        .matches("Run completed: job instance 1, execution \\d+ \\(resumes job instance 1 after"
                                + " execution 1\\), .*"))
                .anySatisfy(line -> assertThat(line).contains("rows read " + exports.rows() + ", rows skipped 0,"))
                .anySatisfy(line -> assertThat(line)
                        .matches("  ingest step \\(executions 1, \\d+\\): rows read " + exports.rows()
                                + ", rows skipped 0, .*")
                        .contains("items read " + (exports.rows() + 1) + " (" + exports.rows() + " rows and 1 ")
                        .contains("written " + (exports.rows() + 1) + ", skipped 0, "));
        String memberships = "SELECT CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER FROM MEMBERSHIP"
                + " ORDER BY CDP_ID, AUDIENCE";
        assertThat(digest(killedDb, memberships)).isEqualTo(digest(referenceDb, memberships));
        String counts = "SELECT COUNT(*), SUM(READ_COUNT), SUM(WRITE_COUNT), SUM(READ_SKIP_COUNT)"
                + " FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'ingest'";
        assertThat(digest(killedDb, counts))
                .startsWith("2|" + (exports.rows() + 1) + "|" + (exports.rows() + 1) + "|0");
        assertThat(digest(referenceDb, counts))
                .startsWith("1|" + (exports.rows() + 1) + "|" + (exports.rows() + 1) + "|0");
        assertThat(digest(killedDb, "SELECT COUNT(*) FROM INGESTED_FILE")).startsWith("1|");
    }

    private static Process start(Path workingDirectory, TestDb db, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        db.settings().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
    }

    private static Result run(Path workingDirectory, TestDb db, String... args) throws Exception {
        Process process = start(workingDirectory, db, args);
        List<String> output = new ArrayList<>();
        Thread pump = pump(process, output, new CountDownLatch(0));
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("run finished").isTrue();
        pump.join(10_000);
        return new Result(process.exitValue(), output);
    }

    private static Thread pump(Process process, List<String> lines, CountDownLatch progress) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.contains("Ingested")) {
                        progress.countDown();
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        thread.start();
        return thread;
    }

    private static String digest(TestDb db, String query) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder first = new StringBuilder();
            int columns = rows.getMetaData().getColumnCount();
            long count = 0;
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rows.getString(i)).append('|');
                }
                if (count++ == 0) {
                    first.append(row);
                }
                digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
            }
            return first + " rows=" + count + " sha256=" + HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exitCode, List<String> output) {}
}
