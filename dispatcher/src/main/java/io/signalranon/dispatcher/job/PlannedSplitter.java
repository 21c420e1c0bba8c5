package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.target.ContinuingPartitioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Spring Batch's splitter with the grid size of the {@link PartitionPlan} instead of a fixed one. The
 * splitter keeps the grid size of a step's first execution in its context, and a restart uses that one,
 * so a restarted run has the partitions (names and ranges) it had. A restart gives the partitioner the
 * contexts of the partitions the job repository has: a run stopped while they were being created has the
 * first ones only (the last of them possibly without its context, which is then split again), and the
 * others carry on where those end.
 */
class PlannedSplitter implements StepExecutionSplitter {

    /** Where {@link SimpleStepExecutionSplitter} keeps the grid size in the step's context. */
    static final String GRID_SIZE = SimpleStepExecutionSplitter.class.getSimpleName() + ".GRID_SIZE";

    private final JobRepository jobRepository;
    private final String stepName;
    private final ContinuingPartitioner partitioner;
    private final PartitionPlan plan;

    PlannedSplitter(
            JobRepository jobRepository, String stepName, ContinuingPartitioner partitioner, PartitionPlan plan) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.stepName = Objects.requireNonNull(stepName, "stepName");
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    @Override
    public String getStepName() {
        return stepName;
    }

    @Override
    public Set<StepExecution> split(StepExecution stepExecution, int gridSize) throws JobExecutionException {
        JobExecution job = stepExecution.getJobExecution();
        ExecutionContext context = stepExecution.getExecutionContext();
        if (!context.containsKey(GRID_SIZE)) {
            return new SimpleStepExecutionSplitter(jobRepository, stepName, partitioner)
                    .split(stepExecution, plan.gridSize(job.getJobInstanceId()));
        }
        int grid = (int) context.getLong(GRID_SIZE);
        Map<String, ExecutionContext> stored = new HashMap<>();
        List<StepExecution> unsaved = new ArrayList<>();
        for (StepExecution partition : DispatchPartitions.latest(jobRepository, job.getJobInstance())) {
            if (partition.getExecutionContext().isEmpty()) {
                unsaved.add(partition); // created, then stopped before its context (its range) was stored
            } else {
                stored.put(DispatchPartitions.name(partition), partition.getExecutionContext());
            }
        }
        plan.restarting(job.getJobInstanceId(), grid, stored.size());
        Map<String, ExecutionContext> contexts = partitioner.partition(grid, stored);
        for (StepExecution partition : unsaved) { // the splitter restarts a partition with its stored context
            ExecutionContext range = contexts.get(DispatchPartitions.name(partition));
            if (range != null) {
                partition.setExecutionContext(new ExecutionContext(range));
                jobRepository.updateExecutionContext(partition);
            }
        }
        return new SimpleStepExecutionSplitter(jobRepository, stepName, size -> contexts).split(stepExecution, grid);
    }
}
