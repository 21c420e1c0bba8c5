package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.operate.OrphanedExecutions;
import io.signalranon.dispatcher.operate.RunLock;
import io.signalranon.dispatcher.operate.RunProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run lock and the recovery of executions left running by a killed process. */
@Configuration(proxyBeanMethods = false)
public class OperateConfiguration {

    /** The jobs the commands launch, stop and recover. */
    public static final List<String> JOB_NAMES =
            List.of(DispatchJobConfiguration.JOB_NAME, ReprocessJobConfiguration.JOB_NAME);

    @Bean
    public RunLock runLock(JdbcTemplate jdbcTemplate, Clock clock, RunProperties runProperties) {
        return new RunLock(jdbcTemplate, clock, runProperties.lockLease());
    }

    @Bean
    public OrphanedExecutions orphanedExecutions(JobOperator jobOperator, JobRepository jobRepository) {
        return new OrphanedExecutions(jobOperator, jobRepository, JOB_NAMES);
    }
}
