package io.signalranon.dispatcher.operate;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Executions still marked running although no process runs them (the process was killed): called only
 * while this process holds the {@link RunLock}, which proves that nobody else runs them. Each is marked
 * FAILED through {@link JobOperator#recover}, so that it can be restarted from its last commit.
 */
public class OrphanedExecutions {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final List<String> jobNames;
    private final BiConsumer<JobExecution, PrintStream> awaitWorkers;

    public OrphanedExecutions(JobOperator jobOperator, JobRepository jobRepository, List<String> jobNames) {
        this(jobOperator, jobRepository, jobNames, (execution, out) -> {});
    }

    /**
     * @param awaitWorkers waits, before an execution is recovered, until no worker process runs a part of
     *     it any more (they go on when the process that launched it stops)
     */
    public OrphanedExecutions(
            JobOperator jobOperator,
            JobRepository jobRepository,
            List<String> jobNames,
            BiConsumer<JobExecution, PrintStream> awaitWorkers) {
        this.jobOperator = Objects.requireNonNull(jobOperator, "jobOperator");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.jobNames = List.copyOf(jobNames);
        this.awaitWorkers = Objects.requireNonNull(awaitWorkers, "awaitWorkers");
    }

    /** Recovers every execution of the jobs still marked running and says so on {@code out}. */
    public void recover(PrintStream out) {
        for (String name : jobNames) {
            for (JobExecution execution : jobRepository.findRunningJobExecutions(name)) {
                awaitWorkers.accept(execution, out);
                jobOperator.recover(Objects.requireNonNull(
                        jobRepository.getJobExecution(execution.getId()), "a running execution just found"));
                out.println("Recovered execution " + execution.getId() + " of job '" + name
                        + "', left running by a process that stopped; it can resume after its last commit");
            }
        }
    }
}
