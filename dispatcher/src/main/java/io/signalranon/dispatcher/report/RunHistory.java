package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.DispatchPartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/** Recent executions of every job, newest first, read through Spring Batch's {@link JobRepository}. */
public class RunHistory {

    private final JobRepository jobRepository;

    public RunHistory(JobRepository jobRepository) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
    }

    /** The {@code last} most recent executions of the dispatcher's jobs, newest first. */
    public List<Entry> recent(int last) {
        if (last < 1) {
            throw new IllegalArgumentException("last must be >= 1, got " + last);
        }
        List<Long> ids = new ArrayList<>();
        for (String job : BatchNames.JOBS) {
            // each instance has at least one execution: the newest `last` instances hold the newest executions
            for (JobInstance instance : jobRepository.getJobInstances(job, 0, last)) {
                jobRepository.getJobExecutions(instance).forEach(execution -> ids.add(execution.getId()));
            }
        }
        return ids.stream()
                .sorted(Comparator.reverseOrder())
                .limit(last)
                .map(jobRepository::getJobExecution)
                .filter(Objects::nonNull)
                .map(this::entry)
                .toList();
    }

    private Entry entry(JobExecution execution) {
        ExecutionOutcome.Messages messages = ExecutionOutcome.messages(execution);
        List<StepExecution> partitions = DispatchPartitions.of(execution);
        RunResult.Times times = RunResult.Times.of(execution.getStartTime(), execution.getEndTime());
        return new Entry(
                execution.getId(),
                execution.getJobInstance().getJobName(),
                times.start(),
                times.duration(),
                execution.getStatus().name(),
                ExecutionOutcome.exitCode(execution),
                messages.delivered(),
                messages.failed(),
                partitions.size(),
                partitions.stream()
                        .map(DispatchPartitions::worker)
                        .filter(worker -> !worker.equals("-"))
                        .distinct()
                        .sorted()
                        .toList());
    }

    /**
     * One execution.
     *
     * @param executionId the job execution id
     * @param job {@code dispatch} or {@code reprocess}
     * @param start when it started, null if it never did
     * @param duration how long it took, null while it runs
     * @param status Spring Batch's status ({@code COMPLETED}, {@code FAILED}, {@code STOPPED}, ...)
     * @param exitCode the command's exit code, null while it runs
     * @param delivered messages its run delivered so far
     * @param failed messages its run recorded as failed so far
     * @param partitions partitions of the dispatch step this execution ran on workers (0: it ran in one process)
     * @param workers the workers ({@code host:pid}) that ran them
     */
    public record Entry(
            long executionId,
            String job,
            @Nullable Instant start,
            @Nullable Duration duration,
            String status,
            @Nullable Integer exitCode,
            long delivered,
            long failed,
            int partitions,
            List<String> workers) {

        public Entry {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(status, "status");
            workers = List.copyOf(workers);
        }
    }
}
