package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.job.BatchNames;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * {@code restart [EXECUTION_ID]}: resumes a FAILED or STOPPED execution of {@code dispatch} or
 * {@code reprocess} (by default the latest one) with its original parameters, after its last commit.
 */
public class RestartCommand {

    private static final int INSTANCES_LOOKED_AT = 100;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Map<String, Job> jobs;
    private final RunCommand runCommand;
    private final ReprocessCommand reprocessCommand;

    public RestartCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            List<Job> jobs,
            RunCommand runCommand,
            ReprocessCommand reprocessCommand) {
        this.jobOperator = Objects.requireNonNull(jobOperator, "jobOperator");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, job -> job));
        this.runCommand = Objects.requireNonNull(runCommand, "runCommand");
        this.reprocessCommand = Objects.requireNonNull(reprocessCommand, "reprocessCommand");
    }

    /** @param executionId the execution to resume, or null for the latest failed or stopped one */
    public ExitCode run(@Nullable Long executionId, PrintStream out, PrintStream err) throws Exception {
        JobExecution given;
        if (executionId == null) {
            given = latestRestartable();
            if (given == null) {
                out.println("Nothing to restart: no failed or stopped execution");
                return ExitCode.COMPLETED;
            }
        } else {
            given = Executions.find(jobRepository, executionId);
            if (given == null) {
                err.println("error: no job execution " + executionId);
                return ExitCode.INVALID;
            }
        }
        JobInstance instance = given.getJobInstance();
        JobExecution last = jobRepository.getLastJobExecution(instance);
        Job job = jobs.get(instance.getJobName());
        if (last == null || job == null) {
            err.println("error: execution " + given.getId() + " belongs to no known job");
            return ExitCode.INVALID;
        }
        if (last.getStatus() == BatchStatus.COMPLETED) {
            err.println("error: execution " + given.getId() + " cannot be restarted: its run completed"
                    + (last.getId() == given.getId() ? "" : " (as execution " + last.getId() + ")"));
            return ExitCode.INVALID;
        }
        if (last.getStatus() != BatchStatus.FAILED && last.getStatus() != BatchStatus.STOPPED) {
            err.println("error: execution " + last.getId() + " cannot be restarted: it is "
                    + last.getStatus().toString().toLowerCase(Locale.ROOT));
            return ExitCode.INVALID;
        }
        out.println("Restarting execution " + last.getId() + " of job '" + job.getName() + "' after its last commit");
        JobExecution execution = jobOperator.start(job, last.getJobParameters());
        if (job.getName().equals(BatchNames.REPROCESS_JOB)) {
            return reprocessCommand.outcome(execution, out, err);
        }
        return runCommand.outcome(execution, out, err);
    }

    private @Nullable JobExecution latestRestartable() {
        JobExecution latest = null;
        for (String name : BatchNames.JOBS) {
            for (JobInstance instance : jobRepository.getJobInstances(name, 0, INSTANCES_LOOKED_AT)) {
                JobExecution last = jobRepository.getLastJobExecution(instance);
                if (last != null
                        && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)
                        && (latest == null || last.getId() > latest.getId())) {
                    latest = last;
                }
            }
        }
        return latest;
    }
}
