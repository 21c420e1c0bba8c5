package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.OfferMessageComposer;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Steps {@code targets} (who gets a message in this run) and {@code dispatch} (decide, build and
 * send one message per targeted user, chunk by chunk).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DeliveryProperties.class, SignalRProperties.class})
public class DeliveryConfiguration {

    /** Step execution context key: how many users the run targets. */
    public static final String TARGETED = "targets.count";

    @Bean
    public Step targetsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            DispatchTargets dispatchTargets) {
        return new StepBuilder("targets", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    var stepExecution = contribution.getStepExecution();
                    boolean all = Boolean.parseBoolean(stepExecution.getJobParameters().getString("all", "false"));
                    int count = dispatchTargets.select(stepExecution.getJobExecution().getJobInstanceId(), all);
                    stepExecution.getExecutionContext().putLong(TARGETED, count);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    public Step dispatchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             DeliveryProperties delivery, JdbcCursorItemReader<DispatchTarget> dispatchTargetReader,
                             DispatchWriter dispatchWriter,
                             ProgressListener progressListener) {
        return new StepBuilder("dispatch", jobRepository)
                .<DispatchTarget, DispatchTarget>chunk(delivery.chunkSize())
                .transactionManager(transactionManager)
                .reader(dispatchTargetReader)
                .writer(dispatchWriter)
                .listener(progressListener)
                .build();
    }

    /**
     * The targets of the run in user order, streamed by one query whose order is the primary key's
     * (a paging query would sort or rescan per page); a restart skips the rows already committed.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<DispatchTarget> dispatchTargetReader(
            DataSource dataSource, DeliveryProperties delivery,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId) {
        return new JdbcCursorItemReaderBuilder<DispatchTarget>()
                .name("dispatchTargets")
                .dataSource(dataSource)
                .sql("SELECT USER_ID, CDP_ID, WITHHELD FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?"
                        + " ORDER BY JOB_INSTANCE_ID, USER_ID")
                .preparedStatementSetter(ps -> ps.setLong(1, jobInstanceId))
                .fetchSize(delivery.chunkSize())
                .rowMapper((rs, n) -> new DispatchTarget(rs.getString(1), rs.getString(2),
                        rs.getString(3) == null ? null : DispatchItem.WithholdReason.valueOf(rs.getString(3))))
                .build();
    }

    @Bean(destroyMethod = "close")
    @StepScope
    public OfferPlanner offerPlanner(
            JdbcTemplate jdbcTemplate, OfferSentRepository offerSentRepository, SignalRProperties signalr,
            DeliveryProperties delivery,
            @Value("#{jobParameters['offers']}") String offers,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
            @Value("#{jobExecutionContext['as-of']}") String asOf) {
        return new OfferPlanner(Catalog.load(Path.of(offers)), new OfferMessageComposer(signalr.target()),
                jdbcTemplate, offerSentRepository, jobInstanceId, Instant.parse(asOf), delivery.chunkSize());
    }

    @Bean
    @StepScope
    public DispatchWriter dispatchWriter(
            OfferPlanner offerPlanner, SignalRConnection connection, DeliveryProperties delivery,
            OfferSentRepository offerSentRepository, FailedSendRepository failedSendRepository, Clock clock,
            @Value("#{jobParameters['dry-run']}") String dryRun,
            @Value("#{jobParameters['dry-run-report']}") String dryRunReport,
            @Value("#{stepExecution.jobExecution.id}") long jobExecutionId,
            @Value("#{jobExecutionContext['as-of']}") String asOf) {
        if (Boolean.parseBoolean(dryRun)) {
            return new DryRunWriter(offerPlanner, dryRunReport == null ? null : Path.of(dryRunReport));
        }
        return new DeliveryWriter(offerPlanner, connection.retryingSender(), delivery.concurrency(), offerSentRepository,
                failedSendRepository, jobExecutionId, Instant.parse(asOf), clock);
    }

    @Bean
    @StepScope
    public ProgressListener progressListener(DeliveryProperties delivery, Clock clock, DispatchWriter dispatchWriter) {
        return new ProgressListener(delivery.progressEvery(), clock, dispatchWriter);
    }

    @Bean(destroyMethod = "close")
    public SignalRConnection signalRConnection(Environment environment, SignalRProperties signalr,
                                               DeliveryProperties delivery) {
        return new SignalRConnection(environment, signalr, delivery);
    }

    @Bean
    public DispatchTargets dispatchTargets(JdbcTemplate jdbcTemplate) {
        return new DispatchTargets(jdbcTemplate);
    }

    @Bean
    public OfferSentRepository offerSentRepository(JdbcTemplate jdbcTemplate) {
        return new OfferSentRepository(jdbcTemplate);
    }

    @Bean
    public FailedSendRepository failedSendRepository(JdbcTemplate jdbcTemplate) {
        return new FailedSendRepository(jdbcTemplate);
    }
}
