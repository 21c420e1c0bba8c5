package io.signalranon.dispatcher.membership;

import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.TestDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The membership store suite on PostgreSQL (its {@code COPY} path), a fresh schema per test (skipped where
 * no server answers).
 */
class MembershipStoreOnPostgresTests extends MembershipStoreTests {

    @BeforeAll
    static void postgresAnswers() {
        DatabaseKind.POSTGRESQL.assumeAvailable();
    }

    @Override
    Class<?> expectedChangeStore() {
        return PostgresChangeStore.class;
    }

    @Override
    DataSource dataSource() {
        DataSource dataSource = DatabaseKind.POSTGRESQL
                .fresh(MembershipStoreOnPostgresTests.class, "store", Path.of("."))
                .dataSource();
        TestDatabase.migrate(dataSource, "postgresql");
        return dataSource;
    }
}
