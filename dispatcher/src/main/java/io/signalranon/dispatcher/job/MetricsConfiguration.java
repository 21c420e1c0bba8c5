package io.signalranon.dispatcher.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.metrics.IngestMeters;
import io.signalranon.dispatcher.metrics.SendMeters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dispatcher's own meters, in the registry Spring Boot provides (Prometheus, OTLP, or in memory). */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    public SendMeters sendMeters(MeterRegistry meterRegistry) {
        return new SendMeters(meterRegistry);
    }

    @Bean
    public IngestMeters ingestMeters(MeterRegistry meterRegistry, SkippedRowRepository skippedRowRepository) {
        return new IngestMeters(meterRegistry, skippedRowRepository, BatchNames.INPUTS);
    }
}
