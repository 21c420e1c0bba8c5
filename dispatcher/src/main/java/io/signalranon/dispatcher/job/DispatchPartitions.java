package io.signalranon.dispatcher.job;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/** The partitions of a run's dispatch step, as the job repository has them. */
public final class DispatchPartitions {

    private static final String PREFIX = BatchNames.DISPATCH_PARTITION_STEP + ":";

    private DispatchPartitions() {}

    /**
     * The latest execution of each partition of a job instance (over all its executions), by partition
     * name; empty when its dispatch step ran in one process.
     */
    public static List<StepExecution> latest(JobRepository jobRepository, JobInstance instance) {
        Map<String, StepExecution> latest = new TreeMap<>();
        for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
            for (StepExecution step : execution.getStepExecutions()) {
                if (isPartition(step)) {
                    latest.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
                }
            }
        }
        return List.copyOf(latest.values());
    }

    /** The partitions of one job execution, by name. */
    public static List<StepExecution> of(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(DispatchPartitions::isPartition)
                .sorted(Comparator.comparing(StepExecution::getStepName))
                .toList();
    }

    /** Whether a step execution is a partition of the dispatch step. */
    public static boolean isPartition(StepExecution step) {
        return step.getStepName().startsWith(PREFIX);
    }

    /** A partition's name ({@code p000}, ...) from its step execution. */
    public static String name(StepExecution partition) {
        return partition.getStepName().substring(PREFIX.length());
    }

    /** The worker that ran a partition last ({@code host:pid}), or {@code -} when none has. */
    public static String worker(StepExecution partition) {
        return partition.getExecutionContext().getString(BatchNames.WORKER, "-");
    }
}
