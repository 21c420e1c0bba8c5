package io.signalranon.dispatcher.delivery;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * A chunk writer that sends through a {@link ConcurrentSender}: it starts and stops the send threads
 * with the step, and keeps the step's running totals and its attempts by outcome in the step's
 * execution context, so that they commit with each chunk and survive a restart. The dispatch step's
 * and the reprocess step's writers differ only in what they send and how they record it.
 *
 * @param <T> the items written
 * @param <C> the step's running totals
 */
public abstract class SendingWriter<T, C extends SendingWriter.Totals>
        implements ItemStreamWriter<T>, StepExecutionListener {

    /** Running totals kept in a step's execution context. */
    public interface Totals {

        /** Messages delivered so far by the step (the fail-fast rules count them). */
        long delivered();

        /** Stores the totals in the step's execution context. */
        void saveTo(ExecutionContext context);
    }

    protected final ConcurrentSender sender;
    private final AttemptTally attempts;
    private final Function<ExecutionContext, C> restore;
    protected C counters;
    private @Nullable StepExecution stepExecution;

    /** @param restore reads the totals from an execution context (zero when absent) */
    protected SendingWriter(ConcurrentSender sender, AttemptTally attempts, Function<ExecutionContext, C> restore) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.restore = Objects.requireNonNull(restore, "restore");
        this.counters = restore.apply(new ExecutionContext());
    }

    @Override
    public void open(ExecutionContext context) {
        counters = restore.apply(context);
        attempts.restore(context);
        sender.open(counters.delivered());
    }

    @Override
    public void update(ExecutionContext context) {
        counters.saveTo(context);
        attempts.saveTo(context);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
    }

    /** The step this writer writes for, once it started. */
    protected Optional<StepExecution> stepExecution() {
        return Optional.ofNullable(stepExecution);
    }

    /**
     * Keeps the attempts made in the step's execution context when it ends, also when its last chunk
     * failed and rolled back: those sends were attempted all the same.
     */
    @Override
    public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
        attempts.saveTo(stepExecution.getExecutionContext());
        return null;
    }

    @Override
    public void close() {
        sender.close();
    }

    /** The totals so far, restored from the execution context on restart. */
    public C counters() {
        return counters;
    }
}
