package io.signalranon.dispatcher.operate;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
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

    public OrphanedExecutions(JobOperator jobOperator, JobRepository jobRepository, List<String> jobNames) {
        this.jobOperator = Objects.requireNonNull(jobOperator, "jobOperator");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.jobNames = List.copyOf(jobNames);
    }

    /** Recovers every execution of the jobs still marked running and says so on {@code out}. */
    public void recover(PrintStream out) {
        for (String name : jobNames) {
            for (JobExecution execution : jobRepository.findRunningJobExecutions(name)) {
                jobOperator.recover(execution);
                out.println("Recovered execution " + execution.getId() + " of job '" + name
                        + "', left running by a process that stopped; it can resume after its last commit");
            }
        }
    }
}
