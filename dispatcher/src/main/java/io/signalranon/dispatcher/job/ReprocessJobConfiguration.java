package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.SendObserver;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.delivery.StallWatch;
import io.signalranon.dispatcher.failure.FailedSend;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.metrics.SendMeters;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.reprocess.ReprocessWriter;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code reprocess} job: one chunk-oriented step that reads the unresolved FAILED_SEND rows of its
 * scope (up to the highest id when it was launched) in id order and sends them again with the
 * {@link ReprocessWriter}. Restartable from its last commit like the dispatch job.
 */
@Configuration(proxyBeanMethods = false)
public class ReprocessJobConfiguration {

    @Bean
    public Job reprocessJob(JobRepository jobRepository, Step reprocessStep, ExecutionIdLogging executionIdLogging) {
        return new JobBuilder(BatchNames.REPROCESS_JOB, jobRepository)
                .listener(executionIdLogging)
                .start(reprocessStep)
                .build();
    }

    @Bean
    public Step reprocessStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DeliveryProperties delivery,
            JdbcPagingItemReader<FailedSend> failedSendReader,
            ReprocessWriter reprocessWriter) {
        return new StepBuilder(BatchNames.REPROCESS_STEP, jobRepository)
                .<FailedSend, FailedSend>chunk(delivery.chunkSize())
                .transactionManager(transactionManager)
                .reader(failedSendReader)
                .writer(reprocessWriter)
                .listener((StepExecutionListener) reprocessWriter)
                .build();
    }

    @Bean
    @StepScope
    public JdbcPagingItemReader<FailedSend> failedSendReader(
            FailedSendRepository failedSendRepository,
            DataSource dataSource,
            DeliveryProperties delivery,
            @Value("#{jobParameters['" + BatchNames.REPROCESS_SCOPE + "']}") String scope,
            @Value("#{jobParameters['" + BatchNames.REPROCESS_MAX_ID + "']}") Long maxId)
            throws Exception {
        return failedSendRepository.unresolvedReader(
                dataSource, ReprocessParameters.execution(scope), maxId, delivery.chunkSize());
    }

    @Bean
    @StepScope
    public ReprocessWriter reprocessWriter(
            SignalRConnection connection,
            DeliveryProperties delivery,
            OfferSentRepository offerSentRepository,
            FailedSendRepository failedSendRepository,
            Clock clock,
            SendMeters sendMeters,
            @Value("#{stepExecution.jobExecution.id}") long jobExecutionId) {
        AttemptTally attempts = new AttemptTally();
        StallWatch stallWatch = delivery.stallWatch();
        SendObserver observer =
                SendObserver.all(List.of(sendMeters.observer(BatchNames.REPROCESS_JOB), attempts, stallWatch));
        return new ReprocessWriter(
                new ConcurrentSender(connection.retryingSender(observer), delivery.sendThreads(), observer, stallWatch),
                offerSentRepository,
                failedSendRepository,
                jobExecutionId,
                clock,
                attempts);
    }
}
