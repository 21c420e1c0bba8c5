package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.ingest.IngestProperties;
import io.signalranon.dispatcher.jdbc.LegacySchemaBaseline;
import io.signalranon.dispatcher.operate.RunProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the dispatcher's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IngestProperties.class, RunProperties.class})
public class DispatcherConfiguration {

    /** The wall clock; tests replace it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** Flyway migrations, taking over a database made before migrations. */
    @Bean
    public LegacySchemaBaseline legacySchemaBaseline() {
        return new LegacySchemaBaseline();
    }
}
