package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.SendObserver;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.delivery.StallWatch;
import io.signalranon.dispatcher.delivery.StopRequest;
import io.signalranon.dispatcher.failure.FailedSend;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.metrics.SendMeters;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import io.signalranon.dispatcher.reprocess.ReprocessWriter;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.SendPermission;
import io.signalranon.dispatcher.target.UserTablesLoader;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
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
 * {@link ReprocessWriter}. Restartable from its last commit like the dispatch job. Before each execution,
 * users.csv and the suppression list are loaded again, as a run loads them: those given to {@code reprocess}
 * ({@code --users}, {@code --suppress}), else those of the latest run that recorded the failures in scope, so
 * that a consent withdrawn or a suppression added since is honoured.
 */
@Configuration(proxyBeanMethods = false)
public class ReprocessJobConfiguration {

    @Bean
    public Job reprocessJob(
            JobRepository jobRepository,
            Step reprocessStep,
            ExecutionIdLogging executionIdLogging,
            UserTablesLoader userTablesLoader,
            FailedSendRepository failedSendRepository) {
        return new JobBuilder(BatchNames.REPROCESS_JOB, jobRepository)
                .listener(executionIdLogging)
                .listener(new UserTablesListener(
                        userTablesLoader, execution -> userFiles(execution, jobRepository, failedSendRepository)))
                .start(reprocessStep)
                .build();
    }

    /**
     * The users file and suppression list a reprocess loads: each as given to it, else as the latest dispatch
     * execution with unresolved failed sends in its scope had it.
     */
    static UserTablesListener.UserFiles userFiles(
            JobExecution reprocess, JobRepository jobRepository, FailedSendRepository failedSends) {
        UserTablesListener.UserFiles given = UserTablesListener.UserFiles.of(reprocess.getJobParameters());
        Long scope = ReprocessParameters.execution(reprocess.getJobParameters().getString(BatchNames.REPROCESS_SCOPE));
        UserTablesListener.UserFiles recorded = (scope == null
                        ? failedSends.executionsWithUnresolved().stream().max(Comparator.naturalOrder())
                        : Optional.of(scope))
                .map(jobRepository::getJobExecution)
                .map(execution -> UserTablesListener.UserFiles.of(execution.getJobParameters()))
                .orElse(new UserTablesListener.UserFiles(null, null));
        return new UserTablesListener.UserFiles(
                given.users() != null ? given.users() : recorded.users(),
                given.suppress() != null ? given.suppress() : recorded.suppress());
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
            DispatchTargetRepository dispatchTargetRepository,
            ForgottenIds forgottenIds,
            Clock clock,
            SendMeters sendMeters,
            JobRepository jobRepository,
            @Value("#{stepExecution.jobExecution.id}") long jobExecutionId) {
        AttemptTally attempts = new AttemptTally();
        StallWatch stallWatch = delivery.stallWatch();
        SendObserver observer =
                SendObserver.all(List.of(sendMeters.observer(BatchNames.REPROCESS_JOB), attempts, stallWatch));
        return new ReprocessWriter(
                new ConcurrentSender(
                        connection.retryingSender(observer),
                        delivery.sendThreads(),
                        observer,
                        stallWatch,
                        StopRequest.of(jobRepository, jobExecutionId)),
                offerSentRepository,
                failedSendRepository,
                new SendPermission(dispatchTargetRepository, forgottenIds.snapshot()),
                jobExecutionId,
                clock,
                attempts);
    }
}
