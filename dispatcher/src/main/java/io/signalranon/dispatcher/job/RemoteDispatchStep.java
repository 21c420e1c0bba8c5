package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.SystemicDeliveryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * The dispatch step of a run partitioned over workers. Before it splits, it checks that the broker answers,
 * puts the run's offer catalog into the job execution context (the workers read it there, not from a file
 * of this machine), and marks FAILED the partitions that earlier executions left marked running although no
 * worker runs them any more (their request was never sent, or was lost), so that a restart runs them again.
 * A dry run, which sends nothing, runs in this process.
 */
public class RemoteDispatchStep implements Step {

    private static final Logger log = LoggerFactory.getLogger(RemoteDispatchStep.class);

    private final Step partitioned;
    private final Step inProcess;
    private final JobRepository jobRepository;
    private final Broker broker;

    RemoteDispatchStep(Step partitioned, Step inProcess, JobRepository jobRepository, Broker broker) {
        this.partitioned = Objects.requireNonNull(partitioned, "partitioned");
        this.inProcess = Objects.requireNonNull(inProcess, "inProcess");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public String getName() {
        return partitioned.getName();
    }

    @Override
    public boolean isAllowStartIfComplete() {
        return partitioned.isAllowStartIfComplete();
    }

    @Override
    public int getStartLimit() {
        return partitioned.getStartLimit();
    }

    @Override
    public void execute(StepExecution stepExecution) throws JobInterruptedException {
        JobExecution job = stepExecution.getJobExecution();
        if (Boolean.parseBoolean(job.getJobParameters().getString(BatchNames.DRY_RUN))) {
            inProcess.execute(stepExecution);
            return;
        }
        try {
            broker.check();
            shareCatalog(job);
            failAbandonedPartitions(job);
        } catch (RuntimeException e) {
            stepExecution.setStatus(BatchStatus.FAILED);
            stepExecution.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
            stepExecution.addFailureException(e);
            stepExecution.setEndTime(LocalDateTime.now());
            jobRepository.update(stepExecution);
            return;
        }
        partitioned.execute(stepExecution);
        if (stepExecution.getStatus() == BatchStatus.FAILED) {
            explainFailedPartitions(stepExecution);
        }
    }

    /**
     * Replaces Spring Batch's "unsuccessful step" by what failed: the first failed partition, its worker and
     * its reason (a failure other than the service's is logged with the worker's stack trace).
     */
    private void explainFailedPartitions(StepExecution stepExecution) {
        JobExecution fresh = jobRepository.getJobExecution(stepExecution.getJobExecutionId());
        List<StepExecution> failed = fresh == null
                ? List.of()
                : DispatchPartitions.of(fresh).stream()
                        .filter(partition -> partition.getStatus() == BatchStatus.FAILED)
                        .toList();
        if (failed.isEmpty()) {
            return;
        }
        for (StepExecution partition : failed) {
            String description = partition.getExitStatus().getExitDescription();
            if (!description.startsWith(SystemicDeliveryException.class.getName())) {
                log.error(
                        "Partition {} failed on worker {}:\n{}",
                        DispatchPartitions.name(partition),
                        DispatchPartitions.worker(partition),
                        description);
            }
        }
        StepExecution first = failed.get(0);
        String reason =
                first.getExitStatus().getExitDescription().lines().findFirst().orElse("unknown");
        reason = reason.substring(reason.indexOf(':') + 1).trim();
        stepExecution.getFailureExceptions().removeIf(JobExecutionException.class::isInstance);
        stepExecution.addFailureException(new PartitionFailedException("partition " + DispatchPartitions.name(first)
                + " failed on worker " + DispatchPartitions.worker(first) + ": " + reason
                + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more partitions)" : "")));
    }

    /** A partition of the run failed on its worker (the message says which, where and why). */
    public static class PartitionFailedException extends RuntimeException {

        public PartitionFailedException(String message) {
            super(message, null, false, false);
        }
    }

    private void shareCatalog(JobExecution job) {
        String offers = job.getJobParameters().getString(BatchNames.OFFERS);
        try {
            job.getExecutionContext().putString(BatchNames.CATALOG, Files.readString(Path.of(offers)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offer catalog " + offers + ": " + e.getMessage(), e);
        }
        jobRepository.updateExecutionContext(job);
    }

    private void failAbandonedPartitions(JobExecution job) {
        for (StepExecution partition : DispatchPartitions.latest(jobRepository, job.getJobInstance())) {
            if (partition.getStatus().isRunning() && partition.getJobExecutionId() != job.getId()) {
                log.warn(
                        "Partition {} was left {} by execution {}: it runs again",
                        DispatchPartitions.name(partition),
                        partition.getStatus(),
                        partition.getJobExecutionId());
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription("abandoned: no worker ran it to its end"));
                partition.setEndTime(LocalDateTime.now());
                jobRepository.update(partition);
            }
        }
    }
}
