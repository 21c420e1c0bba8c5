package io.signalranon.dispatcher.job;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Before a run left behind by a stopped manager is recovered: waits while workers still run its
 * partitions, so that recovery never marks FAILED a partition a worker is running (which would then run
 * twice). It waits as long as requests of the queue wait for a worker or some partition still marked
 * running has written within {@code stale-after}; partitions that show neither are abandoned (the request
 * was lost with the manager), and recovery marks them FAILED to run again.
 */
public class PartitionsInFlight {

    private final JobRepository jobRepository;
    private final Broker broker;
    private final Duration staleAfter;
    private final Duration pollInterval;

    public PartitionsInFlight(JobRepository jobRepository, Broker broker, RemoteProperties remote) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.staleAfter = remote.staleAfter();
        this.pollInterval = remote.pollInterval();
    }

    /** Waits until no worker runs a partition of {@code execution} any more. */
    public void await(JobExecution execution, PrintStream out) {
        boolean said = false;
        while (true) {
            JobExecution now = jobRepository.getJobExecution(execution.getId());
            List<StepExecution> running = now == null
                    ? List.of()
                    : DispatchPartitions.of(now).stream()
                            .filter(step -> step.getStatus().isRunning())
                            .toList();
            if (running.isEmpty()) {
                return;
            }
            LocalDateTime lastWrite = running.stream()
                    .map(step -> step.getLastUpdated() == null ? step.getCreateTime() : step.getLastUpdated())
                    .max(LocalDateTime::compareTo)
                    .orElseThrow();
            if (broker.requestsWaiting() == 0 && lastWrite.plus(staleAfter).isBefore(LocalDateTime.now())) {
                return;
            }
            if (!said) {
                out.println("Waiting for the workers to finish " + running.size() + " partitions of execution "
                        + execution.getId() + ", left running by a manager that stopped");
                said = true;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
