package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.support.DatabaseKind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingest job suite on PostgreSQL, in a schema of its own (skipped where no server answers). */
class IngestJobOnPostgresTests extends IngestJobTests {

    @BeforeAll
    static void postgresAnswers() {
        DatabaseKind.POSTGRESQL.assumeAvailable();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        DatabaseKind.POSTGRESQL
                .fresh(IngestJobOnPostgresTests.class, "context", Path.of("."))
                .register(registry);
    }
}
