package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.support.DatabaseKind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dispatch job suite on PostgreSQL, in a schema of its own (skipped where no server answers). */
class DispatchJobOnPostgresIntegrationTests extends DispatchJobIntegrationTests {

    @BeforeAll
    static void postgresAnswers() {
        DatabaseKind.POSTGRESQL.assumeAvailable();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        DatabaseKind.POSTGRESQL
                .fresh(DispatchJobOnPostgresIntegrationTests.class, "context", Path.of("."))
                .register(registry);
    }
}
