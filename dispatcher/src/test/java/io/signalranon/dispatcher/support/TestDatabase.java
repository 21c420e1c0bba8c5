package io.signalranon.dispatcher.support;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the schema the migrations make. */
public final class TestDatabase {

    private TestDatabase() {}

    public static DataSource create() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        migrate(dataSource, "h2");
        return dataSource;
    }

    /** Applies the dispatcher's migrations for {@code vendor} ({@code h2} or {@code postgresql}). */
    public static void migrate(DataSource dataSource, String vendor) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor, "classpath:db/migration/common")
                .load()
                .migrate();
    }
}
