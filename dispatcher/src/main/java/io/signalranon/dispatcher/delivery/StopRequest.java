package io.signalranon.dispatcher.delivery;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Whether the running job execution was asked to stop: marked STOPPING in the job repository (as a
 * SIGTERM's shutdown hook, or {@code JobOperator.stop}, marks it). Spring Batch itself looks at that
 * mark only between two chunks; the send path asks while a chunk is sent, so that sends waiting for
 * the gate or for their turn give up at once. The repository is read at most every
 * {@link #CHECK_EVERY_NANOS}; once asked, the answer stays yes. Thread-safe.
 */
public final class StopRequest implements BooleanSupplier {

    /** The shortest time between two reads of the job repository. */
    static final long CHECK_EVERY_NANOS = 250_000_000L;

    private final BooleanSupplier check;
    private final LongSupplier nanoClock;
    private volatile boolean requested;
    private volatile long nextCheck;

    StopRequest(BooleanSupplier check, LongSupplier nanoClock) {
        this.check = Objects.requireNonNull(check, "check");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.nextCheck = nanoClock.getAsLong();
    }

    /** Asks {@code jobRepository} whether execution {@code jobExecutionId} is stopping. */
    public static StopRequest of(JobRepository jobRepository, long jobExecutionId) {
        return new StopRequest(
                () -> {
                    JobExecution execution = jobRepository.getJobExecution(jobExecutionId);
                    return execution != null && execution.getStatus() == BatchStatus.STOPPING;
                },
                System::nanoTime);
    }

    @Override
    public boolean getAsBoolean() {
        if (requested) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + CHECK_EVERY_NANOS;
        try {
            requested = check.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // the repository could not tell now; ask again later
        }
        return requested;
    }
}
