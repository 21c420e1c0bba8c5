package io.signalranon.dispatcher.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the job suite runs on: H2 (the embedded default) and PostgreSQL.
 *
 * <p>PostgreSQL is the server named by {@code DISPATCHER_TEST_POSTGRES_URL} (default {@value
 * #DEFAULT_POSTGRES_URL}, user {@code postgres} or {@code DISPATCHER_TEST_POSTGRES_USER}); each test
 * gets its own schema. Where no server answers, its tests are skipped with one line on the console,
 * unless {@code -Ddispatcher.test.postgres=required}, which fails them instead.
 */
public enum DatabaseKind {
    H2,
    POSTGRESQL;

    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static volatile Boolean postgresAnswers;

    /** A fresh, empty database for one test: the H2 file under {@code dir}, or a new PostgreSQL schema. */
    public TestDb fresh(Class<?> testClass, String name, Path dir) {
        if (this == H2) {
            return new TestDb(
                    this, "jdbc:h2:file:" + dir.resolve("data/dispatcher").toAbsolutePath(), "sa", "", true);
        }
        assumeAvailable();
        String schema = (testClass.getSimpleName() + "_" + name)
                .replaceAll("[^A-Za-z0-9_]", "_")
                .toLowerCase(Locale.ROOT);
        schema = schema.substring(0, Math.min(schema.length(), 60));
        try (Connection connection = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        String url = postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDb(this, url, postgresUser(), postgresPassword(), false);
    }

    /** Skips (or, where PostgreSQL is required, fails) the test when this database is not there. */
    public void assumeAvailable() {
        if (this == H2 || postgresAnswers()) {
            return;
        }
        if ("required".equals(System.getProperty("dispatcher.test.postgres"))) {
            throw new IllegalStateException("PostgreSQL is required (-Ddispatcher.test.postgres=required) but "
                    + postgresUrl() + " does not answer");
        }
        Assumptions.abort("no PostgreSQL server answers at " + postgresUrl());
    }

    private static synchronized boolean postgresAnswers() {
        if (postgresAnswers == null) {
            try (Connection connection =
                    DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword())) {
                postgresAnswers = connection.isValid(5);
            } catch (SQLException e) {
                postgresAnswers = false;
            }
            if (!postgresAnswers && !"required".equals(System.getProperty("dispatcher.test.postgres"))) {
                System.out.println("PostgreSQL tests skipped: no server answers at " + postgresUrl()
                        + " (set DISPATCHER_TEST_POSTGRES_URL; -Ddispatcher.test.postgres=required fails instead)");
            }
        }
        return postgresAnswers;
    }

    static String postgresUrl() {
        String url = System.getenv("DISPATCHER_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_POSTGRES_URL : url;
    }

    static String postgresUser() {
        String user = System.getenv("DISPATCHER_TEST_POSTGRES_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    static String postgresPassword() {
        String password = System.getenv("DISPATCHER_TEST_POSTGRES_PASSWORD");
        return password == null ? "" : password;
    }
}
