package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.ChunkItem;
import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.DeliveryWriter;
import io.signalranon.dispatcher.delivery.DispatchItemReader;
import io.signalranon.dispatcher.delivery.DispatchWriter;
import io.signalranon.dispatcher.delivery.DryRunWriter;
import io.signalranon.dispatcher.delivery.PendingSendRepository;
import io.signalranon.dispatcher.delivery.ProgressListener;
import io.signalranon.dispatcher.delivery.SendObserver;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.delivery.SignalRProperties;
import io.signalranon.dispatcher.delivery.StallWatch;
import io.signalranon.dispatcher.delivery.StopRequest;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.metrics.SendMeters;
import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.OfferMessageComposer;
import io.signalranon.dispatcher.offer.OfferPlanner;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

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
    public Step targetsStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DispatchTargetRepository dispatchTargetRepository) {
        return new StepBuilder(BatchNames.TARGETS_STEP, jobRepository)
                .tasklet(
                        (contribution, chunkContext) -> {
                            var stepExecution = contribution.getStepExecution();
                            boolean all = Boolean.parseBoolean(
                                    stepExecution.getJobParameters().getString(BatchNames.ALL, "false"));
                            int count = dispatchTargetRepository.select(
                                    stepExecution.getJobExecution().getJobInstanceId(), all);
                            stepExecution.getExecutionContext().putLong(TARGETED, count);
                            return RepeatStatus.FINISHED;
                        },
                        transactionManager)
                .build();
    }

    /** The dispatch step run in this process (unless the run is partitioned over workers). */
    @Bean
    @Conditional(RemoteMode.Off.class)
    public Step dispatchStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DeliveryProperties delivery,
            DispatchItemReader dispatchItemReader,
            DispatchWriter dispatchWriter,
            ProgressListener progressListener) {
        return dispatchChunks(
                new StepBuilder(BatchNames.DISPATCH_STEP, jobRepository),
                transactionManager,
                delivery,
                dispatchItemReader,
                dispatchWriter,
                progressListener);
    }

    /** The dispatch step's chunks: the run's targets (or a partition's range of them), decided and sent. */
    static Step dispatchChunks(
            StepBuilder step,
            PlatformTransactionManager transactionManager,
            DeliveryProperties delivery,
            DispatchItemReader dispatchItemReader,
            DispatchWriter dispatchWriter,
            ProgressListener progressListener) {
        return step.<ChunkItem, ChunkItem>chunk(delivery.chunkSize())
                .transactionManager(transactionManager)
                .reader(dispatchItemReader)
                .writer(dispatchWriter)
                .listener((StepExecutionListener) dispatchWriter)
                .listener(progressListener)
                .build();
    }

    /** The targets of the run in user order, a chunk at a time, each chunk read ahead with its decisions' data. */
    @Bean
    @StepScope
    public DispatchTargetReader dispatchTargetReader(
            DispatchTargetRepository dispatchTargetRepository,
            DeliveryProperties delivery,
            OfferPlanner offerPlanner,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId) {
        return new DispatchTargetReader(
                dispatchTargetRepository, jobInstanceId, delivery.chunkSize(), offerPlanner::prepare);
    }

    /** The step's items: its targets, then the messages its chunks left pending. */
    @Bean
    @StepScope
    public DispatchItemReader dispatchItemReader(
            DispatchTargetReader dispatchTargetReader,
            PendingSendRepository pendingSendRepository,
            DeliveryProperties delivery,
            Clock clock,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
            @Value("#{stepExecution.stepName}") String stepName) {
        return new DispatchItemReader(
                dispatchTargetReader,
                pendingSendRepository,
                new PendingSendRepository.Step(jobInstanceId, stepName),
                delivery.chunkSize(),
                clock);
    }

    /** Not proxied: the reader's helper thread calls it, outside the step's scope. */
    @Bean
    @Scope(value = "step", proxyMode = ScopedProxyMode.NO)
    public OfferPlanner offerPlanner(
            DispatchTargetRepository dispatchTargetRepository,
            OfferSentRepository offerSentRepository,
            SignalRProperties signalr,
            @Value("#{jobParameters['" + BatchNames.OFFERS + "']}") String offers,
            @Value("#{jobExecutionContext['" + BatchNames.CATALOG + "']}") String catalog,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
            @Value("#{jobExecutionContext['" + BatchNames.AS_OF + "']}") String asOf) {
        return new OfferPlanner(
                catalog == null ? Catalog.load(Path.of(offers)) : Catalog.parse(catalog, offers),
                new OfferMessageComposer(signalr.target()),
                dispatchTargetRepository,
                offerSentRepository,
                jobInstanceId,
                Instant.parse(asOf));
    }

    @Bean
    @StepScope
    public DispatchWriter dispatchWriter(
            OfferPlanner offerPlanner,
            DispatchItemReader dispatchItemReader,
            SignalRConnection connection,
            DeliveryProperties delivery,
            OfferSentRepository offerSentRepository,
            FailedSendRepository failedSendRepository,
            Clock clock,
            SendMeters sendMeters,
            @Value("#{jobParameters['" + BatchNames.DRY_RUN + "']}") String dryRun,
            @Value("#{jobParameters['" + BatchNames.DRY_RUN_REPORT + "']}") @Nullable String dryRunReport,
            JobRepository jobRepository,
            PendingSendRepository pendingSendRepository,
            @Value("#{stepExecution.jobExecution.id}") long jobExecutionId,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
            @Value("#{stepExecution.stepName}") String stepName,
            @Value("#{jobExecutionContext['" + BatchNames.AS_OF + "']}") String asOf,
            @Value("#{stepExecutionContext['" + BatchNames.RATE_SHARERS + "']}") Integer rateSharers) {
        if (Boolean.parseBoolean(dryRun)) {
            return new DryRunWriter(offerPlanner, dryRunReport == null ? null : Path.of(dryRunReport));
        }
        AttemptTally attempts = new AttemptTally();
        StallWatch stallWatch = delivery.stallWatch();
        SendObserver observer =
                SendObserver.all(List.of(sendMeters.observer(BatchNames.DISPATCH_JOB), attempts, stallWatch));
        return new DeliveryWriter(
                offerPlanner,
                new ConcurrentSender(
                        connection.retryingSender(observer, rateSharers == null ? 1 : rateSharers),
                        delivery.sendThreads(),
                        observer,
                        stallWatch,
                        StopRequest.of(jobRepository, jobExecutionId)),
                offerSentRepository,
                failedSendRepository,
                pendingSendRepository,
                new DeliveryWriter.Run(
                        jobExecutionId,
                        jobInstanceId,
                        stepName,
                        Instant.parse(asOf),
                        dispatchItemReader::nextPageIfRead,
                        dispatchItemReader::ended),
                clock,
                attempts);
    }

    @Bean
    @StepScope
    public ProgressListener progressListener(DeliveryProperties delivery, Clock clock, DispatchWriter dispatchWriter) {
        return new ProgressListener(delivery.progressEvery(), clock, dispatchWriter);
    }

    @Bean(destroyMethod = "close")
    public SignalRConnection signalRConnection(
            Environment environment, SignalRProperties signalr, DeliveryProperties delivery) {
        return new SignalRConnection(environment, signalr, delivery);
    }

    @Bean
    public DispatchTargetRepository dispatchTargetRepository(JdbcTemplate jdbcTemplate) {
        return new DispatchTargetRepository(jdbcTemplate);
    }

    @Bean
    public OfferSentRepository offerSentRepository(JdbcTemplate jdbcTemplate) {
        return new OfferSentRepository(jdbcTemplate);
    }

    @Bean
    public PendingSendRepository pendingSendRepository(JdbcTemplate jdbcTemplate) {
        return new PendingSendRepository(jdbcTemplate);
    }

    @Bean
    public FailedSendRepository failedSendRepository(JdbcTemplate jdbcTemplate) {
        return new FailedSendRepository(jdbcTemplate);
    }
}
