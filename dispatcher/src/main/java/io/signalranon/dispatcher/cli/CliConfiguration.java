package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.operate.Forget;
import io.signalranon.dispatcher.operate.ForgetFiles;
import io.signalranon.dispatcher.operate.OrphanedExecutions;
import io.signalranon.dispatcher.operate.Purge;
import io.signalranon.dispatcher.operate.RunLock;
import io.signalranon.dispatcher.operate.ScheduleProperties;
import io.signalranon.dispatcher.operate.ScheduleTriggers;
import io.signalranon.dispatcher.report.ReportProperties;
import io.signalranon.dispatcher.report.RunHistory;
import io.signalranon.dispatcher.report.RunReports;
import io.signalranon.dispatcher.report.RunResults;
import java.time.Clock;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
public class CliConfiguration {

    @Bean
    public RunCommand runCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job dispatchJob,
            RunResults runResults,
            SignalRConnection signalRConnection,
            Clock clock,
            RunReports runReports,
            ForgetFiles forgetFiles) {
        return new RunCommand(
                jobOperator, jobRepository, dispatchJob, runResults, signalRConnection, clock, runReports, forgetFiles);
    }

    @Bean
    public ReprocessCommand reprocessCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job reprocessJob,
            FailedSendRepository failedSendRepository,
            RunResults runResults,
            RunReports runReports) {
        return new ReprocessCommand(
                jobOperator, jobRepository, reprocessJob, failedSendRepository, runResults, runReports);
    }

    @Bean
    public RestartCommand restartCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            List<Job> jobs,
            RunCommand runCommand,
            ReprocessCommand reprocessCommand) {
        return new RestartCommand(jobOperator, jobRepository, jobs, runCommand, reprocessCommand);
    }

    @Bean
    public FailuresCommand failuresCommand(FailedSendRepository failedSendRepository) {
        return new FailuresCommand(failedSendRepository);
    }

    @Bean
    public RunResults runResults(
            JobRepository jobRepository,
            FailedSendRepository failedSendRepository,
            SkippedRowRepository skippedRowRepository,
            MembershipStore membershipStore) {
        return new RunResults(jobRepository, failedSendRepository, skippedRowRepository, membershipStore);
    }

    @Bean
    public RunReports runReports(JobRepository jobRepository, ReportProperties reportProperties) {
        return new RunReports(jobRepository, reportProperties);
    }

    @Bean
    public HistoryCommand historyCommand(JobRepository jobRepository) {
        return new HistoryCommand(new RunHistory(jobRepository));
    }

    @Bean
    public ExclusiveRun exclusiveRun(RunLock runLock, OrphanedExecutions orphanedExecutions) {
        return new ExclusiveRun(runLock, orphanedExecutions);
    }

    @Bean
    public ScheduleCommand scheduleCommand(
            RunCommand runCommand,
            ExclusiveRun exclusiveRun,
            ScheduleTriggers scheduleTriggers,
            PurgeCommand purgeCommand,
            ScheduleProperties scheduleProperties,
            Clock clock) {
        return new ScheduleCommand(
                runCommand,
                exclusiveRun,
                scheduleTriggers,
                new ScheduleCommand.PurgeAfterRun(purgeCommand, scheduleProperties.purgeOlderThan()),
                clock);
    }

    @Bean
    public ForgetCommand forgetCommand(Forget forget) {
        return new ForgetCommand(forget);
    }

    @Bean
    public PurgeCommand purgeCommand(Purge purge) {
        return new PurgeCommand(purge);
    }
}
