package io.signalranon.dispatcher.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Migrations with the dispatcher's settings: an empty database gets every version; an H2 file made by
 * the build before migrations (one completed run on the sample data) is taken over with its rows.
 */
class LegacySchemaBaselineTests {

    private static final String COUNTS = "SELECT (SELECT COUNT(*) FROM MEMBERSHIP), (SELECT COUNT(*) FROM OFFER_SENT),"
            + " (SELECT COUNT(*) FROM DISPATCH_TARGET), (SELECT COUNT(*) FROM INGESTED_FILE),"
            + " (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED')";

    @TempDir
    Path dir;

    @Test
    void aDatabaseMadeBeforeMigrationsIsTakenOverWithEveryRow() throws Exception {
        // given
        Path file = dir.resolve("dispatcher.mv.db");
        try (InputStream legacy = getClass().getResourceAsStream("/legacy/dispatcher-before-migrations.mv.db")) {
            Files.copy(legacy, file);
        }
        SingleConnectionDataSource dataSource = h2File(dir.resolve("dispatcher"));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String before = String.valueOf(jdbc.queryForList(COUNTS).get(0).values());

        // when
        new LegacySchemaBaseline().migrate(flyway(dataSource));

        // then
        assertThat(before).isEqualTo("[32, 9, 11, 6, 1]");
        assertThat(String.valueOf(jdbc.queryForList(COUNTS).get(0).values())).isEqualTo(before);
        List<String> expected = new ArrayList<>(List.of("2:BASELINE"));
        migrationVersions().stream()
                .filter(v -> MigrationVersion.fromVersion(v).isNewerThan("2"))
                .forEach(v -> expected.add(v + ":SQL"));
        assertThat(versions(jdbc)).containsExactlyElementsOf(expected);
        dataSource.destroy();
    }

    @Test
    void anEmptyDatabaseGetsEveryMigration() {
        // given
        SingleConnectionDataSource dataSource = h2File(dir.resolve("empty"));

        // when
        new LegacySchemaBaseline().migrate(flyway(dataSource));

        // then
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(versions(jdbc))
                .containsExactlyElementsOf(
                        migrationVersions().stream().map(v -> v + ":SQL").toList())
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM RUN_LOCK", Integer.class))
                .isZero();
        dataSource.destroy();
    }

    @Test
    void anotherNonEmptySchemaWithoutHistoryIsRefused() {
        // given
        SingleConnectionDataSource dataSource = h2File(dir.resolve("other"));
        new JdbcTemplate(dataSource).execute("CREATE TABLE INVOICE (ID BIGINT PRIMARY KEY)");

        // when / then
        assertThatThrownBy(() -> new LegacySchemaBaseline().migrate(flyway(dataSource)))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("no schema history table");
        dataSource.destroy();
    }

    private static SingleConnectionDataSource h2File(Path path) {
        return new SingleConnectionDataSource(
                "jdbc:h2:file:" + path.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", true);
    }

    /** Flyway as the dispatcher's settings configure it. */
    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/h2", "classpath:db/migration/common")
                .baselineVersion("2")
                .load();
    }

    /** The versions of the migration files an H2 database gets, in Flyway's order ({@code V7_1} is 7.1). */
    private static List<String> migrationVersions() {
        try (Stream<Path> files = Stream.concat(
                Files.list(Path.of("src/main/resources/db/migration/h2")),
                Files.list(Path.of("src/main/resources/db/migration/common")))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V[0-9_]+__.*\\.sql"))
                    .map(name -> MigrationVersion.fromVersion(name.substring(1, name.indexOf("__"))))
                    .sorted()
                    .map(MigrationVersion::getVersion)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> versions(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT \"version\" || ':' || \"type\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
                String.class);
    }
}
