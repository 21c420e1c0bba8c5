package io.signalranon.dispatcher.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the schema, first taking over a database that a build before migrations made.
 *
 * <p>Such a database holds Spring Batch's tables and the project's tables ({@code RUN_LOCK} is the
 * newest of them) but no schema history. It is recorded at the baseline version (the schema those
 * builds created, migrations 1 and 2) and only later migrations run on it, so no row is lost. Any
 * other non-empty schema without history is left to Flyway, which refuses it.
 */
public final class LegacySchemaBaseline implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(LegacySchemaBaseline.class);

    @Override
    public void migrate(Flyway flyway) {
        if (isLegacy(flyway)) {
            flyway.baseline();
            log.info(
                    "Took over the existing database: schema recorded at version {}",
                    flyway.getConfiguration().getBaselineVersion());
        }
        flyway.migrate();
    }

    private static boolean isLegacy(Flyway flyway) {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String schema = connection.getSchema();
            return !hasTable(metaData, schema, flyway.getConfiguration().getTable())
                    && hasTable(metaData, schema, "BATCH_JOB_INSTANCE")
                    && hasTable(metaData, schema, "RUN_LOCK");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database's tables: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(DatabaseMetaData metaData, String schema, String table) throws SQLException {
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet tables = metaData.getTables(null, schema, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
