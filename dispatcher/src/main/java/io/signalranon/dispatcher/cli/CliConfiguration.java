package io.signalranon.dispatcher.cli;

import java.time.Clock;

import io.signalranon.dispatcher.config.RunProperties;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.membership.MembershipStore;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The command beans. */
@Configuration(proxyBeanMethods = false)
public class CliConfiguration {

    @Bean
    public RunCommand runCommand(JobOperator jobOperator, JobRepository jobRepository, Job dispatchJob,
                                 RunProperties runProperties, JdbcTemplate jdbcTemplate, MembershipStore membershipStore,
                                 SignalRConnection signalRConnection, Clock clock) {
        return new RunCommand(jobOperator, jobRepository, dispatchJob, runProperties,
                new RunSummary(jdbcTemplate, membershipStore), signalRConnection, clock);
    }
}
