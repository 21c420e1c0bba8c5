package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.operate.OrphanedExecutions;
import io.signalranon.dispatcher.operate.Purge;
import io.signalranon.dispatcher.operate.RetentionProperties;
import io.signalranon.dispatcher.operate.RunLock;
import io.signalranon.dispatcher.operate.RunLockRepository;
import io.signalranon.dispatcher.operate.RunProperties;
import io.signalranon.dispatcher.operate.ScheduleProperties;
import io.signalranon.dispatcher.operate.ScheduleTriggerRepository;
import io.signalranon.dispatcher.operate.ScheduleTriggers;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.time.Clock;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run lock, the recovery of executions left running by a killed process, and retention. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ScheduleProperties.class, RetentionProperties.class})
public class OperateConfiguration {

    @Bean
    public RunLock runLock(JdbcTemplate jdbcTemplate, Clock clock, RunProperties runProperties) {
        return new RunLock(new RunLockRepository(jdbcTemplate), clock, runProperties.lockLease(), runProperties.host());
    }

    @Bean
    public ScheduleTriggers scheduleTriggers(JdbcTemplate jdbcTemplate, Clock clock) {
        return new ScheduleTriggers(new ScheduleTriggerRepository(jdbcTemplate), clock);
    }

    @Bean
    public Purge purge(
            JobRepository jobRepository,
            OfferSentRepository offerSentRepository,
            FailedSendRepository failedSendRepository,
            SkippedRowRepository skippedRowRepository,
            DispatchTargetRepository dispatchTargetRepository,
            MembershipStore membershipStore,
            RetentionProperties retention,
            JdbcTemplate jdbcTemplate,
            Clock clock) {
        return new Purge(
                jobRepository,
                BatchNames.JOBS,
                offerSentRepository,
                failedSendRepository,
                skippedRowRepository,
                new ScheduleTriggerRepository(jdbcTemplate),
                dispatchTargetRepository,
                membershipStore,
                retention.membershipsLeftAfter(),
                clock);
    }

    @Bean
    public OrphanedExecutions orphanedExecutions(
            JobOperator jobOperator,
            JobRepository jobRepository,
            ObjectProvider<PartitionsInFlight> partitionsInFlight) {
        PartitionsInFlight remote = partitionsInFlight.getIfAvailable();
        return remote == null
                ? new OrphanedExecutions(jobOperator, jobRepository, BatchNames.JOBS)
                : new OrphanedExecutions(jobOperator, jobRepository, BatchNames.JOBS, remote::await);
    }
}
