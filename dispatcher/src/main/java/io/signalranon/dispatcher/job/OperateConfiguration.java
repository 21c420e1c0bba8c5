package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.operate.OrphanedExecutions;
import io.signalranon.dispatcher.operate.RunLock;
import io.signalranon.dispatcher.operate.RunLockRepository;
import io.signalranon.dispatcher.operate.RunProperties;
import io.signalranon.dispatcher.operate.ScheduleTriggerRepository;
import io.signalranon.dispatcher.operate.ScheduleTriggers;
import java.time.Clock;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run lock and the recovery of executions left running by a killed process. */
@Configuration(proxyBeanMethods = false)
public class OperateConfiguration {

    @Bean
    public RunLock runLock(JdbcTemplate jdbcTemplate, Clock clock, RunProperties runProperties) {
        return new RunLock(new RunLockRepository(jdbcTemplate), clock, runProperties.lockLease());
    }

    @Bean
    public ScheduleTriggers scheduleTriggers(JdbcTemplate jdbcTemplate, Clock clock) {
        return new ScheduleTriggers(new ScheduleTriggerRepository(jdbcTemplate), clock);
    }

    @Bean
    public OrphanedExecutions orphanedExecutions(JobOperator jobOperator, JobRepository jobRepository) {
        return new OrphanedExecutions(jobOperator, jobRepository, BatchNames.JOBS);
    }
}
