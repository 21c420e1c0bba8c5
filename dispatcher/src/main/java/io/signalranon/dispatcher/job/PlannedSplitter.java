package io.signalranon.dispatcher.job;

import java.util.Objects;
import java.util.Set;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Spring Batch's splitter with the grid size of the {@link PartitionPlan} instead of a fixed one. The
 * splitter keeps the grid size of a step's first execution in its context, and a restart uses that one,
 * so a restarted run has the partitions (names and ranges) it had.
 */
class PlannedSplitter implements StepExecutionSplitter {

    private final SimpleStepExecutionSplitter splitter;
    private final PartitionPlan plan;

    PlannedSplitter(JobRepository jobRepository, String stepName, Partitioner partitioner, PartitionPlan plan) {
        this.splitter = new SimpleStepExecutionSplitter(jobRepository, stepName, partitioner);
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    @Override
    public String getStepName() {
        return splitter.getStepName();
    }

    @Override
    public Set<StepExecution> split(StepExecution stepExecution, int gridSize) throws JobExecutionException {
        return splitter.split(
                stepExecution, plan.gridSize(stepExecution.getJobExecution().getJobInstanceId()));
    }
}
