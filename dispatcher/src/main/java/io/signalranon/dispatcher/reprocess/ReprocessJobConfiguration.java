package io.signalranon.dispatcher.reprocess;

import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.FailedSendRepository;
import io.signalranon.dispatcher.delivery.OfferSentRepository;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code reprocess} job: one chunk-oriented step that reads the unresolved FAILED_SEND rows of its
 * scope (up to the highest id when it was launched) in id order and sends them again with the
 * {@link ReprocessWriter}. Restartable from its last commit like the dispatch job.
 */
@Configuration(proxyBeanMethods = false)
public class ReprocessJobConfiguration {

    /** Name of the job. */
    public static final String JOB_NAME = "reprocess";

    @Bean
    public Job reprocessJob(JobRepository jobRepository, Step reprocessStep) {
        return new JobBuilder(JOB_NAME, jobRepository).start(reprocessStep).build();
    }

    @Bean
    public Step reprocessStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DeliveryProperties delivery,
            JdbcPagingItemReader<FailedSend> failedSendReader,
            ReprocessWriter reprocessWriter) {
        return new StepBuilder("reprocess", jobRepository)
                .<FailedSend, FailedSend>chunk(delivery.chunkSize())
                .transactionManager(transactionManager)
                .reader(failedSendReader)
                .writer(reprocessWriter)
                .build();
    }

    @Bean
    @StepScope
    public JdbcPagingItemReader<FailedSend> failedSendReader(
            DataSource dataSource,
            DeliveryProperties delivery,
            @Value("#{jobParameters['" + ReprocessParameters.SCOPE + "']}") String scope,
            @Value("#{jobParameters['" + ReprocessParameters.MAX_ID + "']}") Long maxId)
            throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("maxId", maxId);
        String where = "RESOLVED_AT IS NULL AND ID <= :maxId";
        Long execution = ReprocessParameters.execution(scope);
        if (execution != null) {
            where += " AND JOB_EXECUTION_ID = :execution";
            values.put("execution", execution);
        }
        return new JdbcPagingItemReaderBuilder<FailedSend>()
                .name("failedSends")
                .dataSource(dataSource)
                .selectClause(FailedSendRows.COLUMNS)
                .fromClause("FAILED_SEND")
                .whereClause(where)
                .parameterValues(values)
                .sortKeys(Map.of("ID", Order.ASCENDING))
                .pageSize(delivery.chunkSize())
                .rowMapper(FailedSendRows.MAPPER)
                .build();
    }

    @Bean
    @StepScope
    public ReprocessWriter reprocessWriter(
            SignalRConnection connection,
            DeliveryProperties delivery,
            OfferSentRepository offerSentRepository,
            FailedSendRepository failedSendRepository,
            Clock clock,
            @Value("#{stepExecution.jobExecution.id}") long jobExecutionId) {
        return new ReprocessWriter(
                new ConcurrentSender(connection.retryingSender(), delivery.sendThreads()),
                offerSentRepository,
                failedSendRepository,
                jobExecutionId,
                clock);
    }

    @Bean
    public FailedSendRows failedSendRows(JdbcTemplate jdbcTemplate) {
        return new FailedSendRows(jdbcTemplate);
    }
}
