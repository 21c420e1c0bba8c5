package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.ingest.IngestedFileRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import io.signalranon.dispatcher.target.UserTablesLoader;
import io.signalranon.dispatcher.target.UserTablesRepository;
import java.time.Clock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dispatch} job: step {@code ingest} (exports to the membership store), then, when the run
 * has an offer catalog, {@code targets} (who gets a message) and {@code dispatch} (decide and send).
 * Before each execution the run's as-of instant is fixed and the user tables are loaded.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchJobConfiguration {

    private static final String INGEST_ONLY = "INGEST_ONLY";
    private static final String DISPATCH = "DISPATCH";

    @Bean
    public Job dispatchJob(
            JobRepository jobRepository,
            Step ingestStep,
            Step targetsStep,
            Step dispatchStep,
            AsOfListener asOfListener,
            UserTablesListener userTablesListener,
            DryRunListener dryRunListener,
            FailedIngestListener failedIngestListener,
            ExecutionIdLogging executionIdLogging) {
        JobExecutionDecider offersGiven = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                jobExecution.getJobParameters().getString(BatchNames.OFFERS) == null ? INGEST_ONLY : DISPATCH);
        return new JobBuilder(BatchNames.DISPATCH_JOB, jobRepository)
                .listener(executionIdLogging)
                .listener(asOfListener)
                .listener(userTablesListener)
                .listener(dryRunListener)
                .listener(failedIngestListener)
                .start(ingestStep)
                .next(offersGiven)
                .on(INGEST_ONLY)
                .end()
                .from(offersGiven)
                .on(DISPATCH)
                .to(targetsStep)
                .next(dispatchStep)
                .end()
                .build();
    }

    @Bean
    public DryRunListener dryRunListener(
            MembershipStore membershipStore, PlatformTransactionManager transactionManager) {
        return new DryRunListener(membershipStore, new TransactionTemplate(transactionManager));
    }

    @Bean
    public FailedIngestListener failedIngestListener(
            MembershipStore membershipStore,
            IngestedFileRepository ingestedFileRepository,
            PlatformTransactionManager transactionManager) {
        return new FailedIngestListener(
                membershipStore, ingestedFileRepository, new TransactionTemplate(transactionManager));
    }

    @Bean
    public ExecutionIdLogging executionIdLogging() {
        return new ExecutionIdLogging();
    }

    @Bean
    public AsOfListener asOfListener(Clock clock) {
        return new AsOfListener(clock);
    }

    @Bean
    public UserTablesLoader userTablesLoader(
            JdbcTemplate jdbcTemplate,
            SkippedRowRepository skippedRowRepository,
            PlatformTransactionManager transactionManager,
            ForgottenIds forgottenIds,
            Clock clock) {
        return new UserTablesLoader(
                new UserTablesRepository(jdbcTemplate),
                skippedRowRepository,
                new TransactionTemplate(transactionManager),
                forgottenIds,
                clock);
    }

    @Bean
    public UserTablesListener userTablesListener(UserTablesLoader userTablesLoader) {
        return new UserTablesListener(userTablesLoader);
    }
}
