package io.signalranon.dispatcher.job;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Sums the partitions of the dispatch step into the manager's step execution: its status and Spring
 * Batch's counts from the partitions this execution ran (as Spring Batch does), and, in its context, every
 * count the partitions keep in theirs (messages delivered, failed, withheld, send attempts) over the whole
 * run: the latest execution of each partition, including those that completed in an earlier execution. So
 * the summary, the run report and {@code history} read a partitioned run as they read one run in one process.
 */
class PartitionTotals implements StepExecutionAggregator {

    private final StepExecutionAggregator counts = new DefaultStepExecutionAggregator();
    private final JobRepository jobRepository;

    PartitionTotals(JobRepository jobRepository) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
    }

    @Override
    public void aggregate(StepExecution result, Collection<StepExecution> executions) {
        counts.aggregate(result, executions);
        Map<String, Long> totals = new TreeMap<>();
        for (StepExecution partition : DispatchPartitions.latest(
                jobRepository, result.getJobExecution().getJobInstance())) {
            for (Map.Entry<String, Object> entry :
                    partition.getExecutionContext().entrySet()) {
                if (entry.getValue() instanceof Long count) {
                    totals.merge(entry.getKey(), count, Long::sum);
                }
            }
        }
        ExecutionContext context = result.getExecutionContext();
        totals.forEach(context::putLong);
    }
}
