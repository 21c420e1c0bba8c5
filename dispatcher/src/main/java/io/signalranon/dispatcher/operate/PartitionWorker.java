package io.signalranon.dispatcher.operate;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.Lifecycle;

/**
 * A worker process: takes partition requests from the broker one at a time and runs each partition's
 * step (Spring Batch's {@link StepExecutionRequestHandler}), recording its name ({@code host:pid}) in the
 * partition's context. A request is run only while its run is running and its partition is not done: a
 * request that comes again after its partition completed, or after its run ended, is dropped.
 *
 * <p>Stopping (SIGTERM): no new request is taken; the partition in progress stops after the chunk in
 * progress commits, and its request goes back to the queue, so that another worker (or a later one)
 * resumes it after that commit.
 */
public class PartitionWorker implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final StepExecutionRequestHandler handler;
    private final JobRepository jobRepository;
    private final String id;
    private final String workerKey;
    private final Consumer<StepExecution> onPartitionEnd;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile @Nullable StepExecution running;
    private @Nullable Lifecycle requests;

    /**
     * @param host the host name to record (blank: this machine's)
     * @param workerKey the partition context key of the worker's name
     * @param onPartitionEnd told of each partition this worker ran, once it ends
     */
    public PartitionWorker(
            StepExecutionRequestHandler handler,
            JobRepository jobRepository,
            String host,
            String workerKey,
            Consumer<StepExecution> onPartitionEnd) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        String machine = ManagementFactory.getRuntimeMXBean().getName();
        this.id = (host.isBlank() ? machine.substring(machine.indexOf('@') + 1) : host) + ":"
                + ProcessHandle.current().pid();
        this.workerKey = Objects.requireNonNull(workerKey, "workerKey");
        this.onPartitionEnd = Objects.requireNonNull(onPartitionEnd, "onPartitionEnd");
    }

    /** This worker's name, {@code host:pid}. */
    public String id() {
        return id;
    }

    /**
     * Takes requests from {@code requests} (the broker's listener, started here) until a stop is
     * requested, then stops taking them, waiting for the partition in progress to stop.
     */
    public void run(Lifecycle requests) throws InterruptedException {
        this.requests = requests;
        requests.start();
        log.info("Worker {} takes partition requests", id);
        stopRequested.await();
        requests.stop();
        log.info("Worker {} stopped", id);
    }

    /** Asks the worker to stop (from a shutdown hook): the partition in progress stops after its chunk. */
    public void requestStop() {
        stopping = true;
        StepExecution partition = running;
        if (partition != null) {
            partition.setTerminateOnly();
        }
        stopRequested.countDown();
    }

    /** Runs one partition request (on the listener's thread). */
    public void handle(StepExecutionRequest request) {
        if (stopping) {
            throw new ImmediateRequeueAmqpException("the worker is stopping: the request goes back to the queue");
        }
        StepExecution partition = jobRepository.getStepExecution(request.getStepExecutionId());
        if (partition != null && !runnable(partition)) {
            log.info(
                    "Dropped the request of partition {} (step execution {}): it is {} and its run is {}",
                    request.getStepName(),
                    partition.getId(),
                    partition.getStatus(),
                    partition.getJobExecution().getStatus());
            return;
        }
        StepExecution result = handler.handle(request);
        if (result.getStatus() == BatchStatus.STOPPED && stopping) {
            log.info(
                    "Partition {} stopped after its last commit; its request goes back to the queue",
                    result.getStepName());
            throw new ImmediateRequeueAmqpException("stopped by SIGTERM: another worker resumes it");
        }
    }

    private static boolean runnable(StepExecution partition) {
        BatchStatus status = partition.getStatus();
        boolean partitionOpen =
                status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPED;
        return partitionOpen && partition.getJobExecution().getStatus().isRunning();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        stepExecution.getExecutionContext().putString(workerKey, id);
        running = stepExecution;
        if (stopping) {
            stepExecution.setTerminateOnly();
        }
        log.info(
                "Partition {} (step execution {} of execution {}) started",
                stepExecution.getStepName(),
                stepExecution.getId(),
                stepExecution.getJobExecutionId());
    }

    @Override
    public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
        running = null;
        log.info(
                "Partition {} {}: {} items written in {} commits",
                stepExecution.getStepName(),
                stepExecution.getStatus().name().toLowerCase(java.util.Locale.ROOT),
                stepExecution.getWriteCount(),
                stepExecution.getCommitCount());
        onPartitionEnd.accept(stepExecution);
        return null;
    }
}
