package io.signalranon.dispatcher.job;

import java.time.Clock;

import io.signalranon.dispatcher.users.UserTablesListener;
import io.signalranon.dispatcher.users.UserTablesLoader;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dispatch} job: step {@code ingest} (exports to the membership store); the {@code dispatch}
 * step is appended with {@code .next(dispatchStep)}. Before each execution the run's as-of instant is
 * fixed and the user tables are loaded.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchJobConfiguration {

    /** Name of the job. */
    public static final String JOB_NAME = "dispatch";

    @Bean
    public Job dispatchJob(JobRepository jobRepository, Step ingestStep, AsOfListener asOfListener,
                           UserTablesListener userTablesListener) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(asOfListener)
                .listener(userTablesListener)
                .start(ingestStep)
                .build();
    }

    @Bean
    public AsOfListener asOfListener(Clock clock) {
        return new AsOfListener(clock);
    }

    @Bean
    public UserTablesListener userTablesListener(JdbcTemplate jdbcTemplate,
                                                 PlatformTransactionManager transactionManager, Clock clock) {
        return new UserTablesListener(new UserTablesLoader(jdbcTemplate, new TransactionTemplate(transactionManager), clock));
    }
}
