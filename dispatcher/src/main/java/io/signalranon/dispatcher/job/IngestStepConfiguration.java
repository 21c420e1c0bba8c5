package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.ingest.ExportItemReader;
import io.signalranon.dispatcher.ingest.ExportParsers;
import io.signalranon.dispatcher.ingest.ForgottenRowFilter;
import io.signalranon.dispatcher.ingest.IngestItem;
import io.signalranon.dispatcher.ingest.IngestProperties;
import io.signalranon.dispatcher.ingest.IngestedFileRepository;
import io.signalranon.dispatcher.ingest.InputFile;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.ingest.MalformedRowException;
import io.signalranon.dispatcher.ingest.MembershipWriter;
import io.signalranon.dispatcher.ingest.SkippedRowRecorder;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.metrics.IngestMeters;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code ingest} step: exports to the membership store, chunk by chunk, skipping malformed rows. */
@Configuration(proxyBeanMethods = false)
public class IngestStepConfiguration {

    @Bean
    public Step ingestStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            IngestProperties settings,
            ExportItemReader ingestReader,
            ForgottenRowFilter forgottenRowFilter,
            MembershipWriter membershipWriter,
            SkippedRowRecorder skippedRowRecorder,
            IngestMeters ingestMeters) {
        return new StepBuilder(BatchNames.INGEST_STEP, jobRepository)
                .<IngestItem, IngestItem>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(ingestReader)
                .processor(forgottenRowFilter)
                .writer(membershipWriter)
                .faultTolerant()
                .skip(MalformedRowException.class)
                .skipLimit(settings.skipLimit())
                .skipListener(skippedRowRecorder)
                .listener(skippedRowRecorder)
                .listener(ingestMeters)
                .build();
    }

    @Bean
    @StepScope
    public ExportItemReader ingestReader(
            @Value("#{jobParameters['" + BatchNames.INPUTS + "']}") String inputs,
            @Value("#{jobParameters['" + BatchNames.FORCE + "']}") String force,
            IngestProperties settings,
            IngestedFileRepository registry) {
        List<InputSpec> specs = inputs == null || inputs.isBlank()
                ? List.of()
                : Arrays.stream(inputs.split("\n")).map(InputSpec::parse).toList();
        return new ExportItemReader(
                InputFile.resolveAll(specs), new ExportParsers(settings), registry, Boolean.parseBoolean(force));
    }

    /** Rows of forgotten ids are filtered, as they stand when the step starts. */
    @Bean
    @StepScope
    public ForgottenRowFilter forgottenRowFilter(ForgottenIds forgottenIds) {
        return new ForgottenRowFilter(forgottenIds.snapshot());
    }

    @Bean
    public MembershipWriter membershipWriter(
            MembershipStore membershipStore, IngestedFileRepository registry, Clock clock) {
        return new MembershipWriter(membershipStore, registry, clock, DryRunListener::isDryRun);
    }

    @Bean
    public SkippedRowRecorder skippedRowRecorder(
            SkippedRowRepository skippedRowRepository, ForgottenIds forgottenIds, Clock clock) {
        return new SkippedRowRecorder(skippedRowRepository, forgottenIds, clock);
    }

    @Bean
    public SkippedRowRepository skippedRowRepository(JdbcTemplate jdbcTemplate) {
        return new SkippedRowRepository(jdbcTemplate);
    }

    @Bean
    public IngestedFileRepository ingestedFileRepository(JdbcTemplate jdbcTemplate) {
        return new IngestedFileRepository(jdbcTemplate);
    }

    @Bean
    public MembershipStore membershipStore(JdbcTemplate jdbcTemplate) {
        return new MembershipStore(jdbcTemplate);
    }
}
