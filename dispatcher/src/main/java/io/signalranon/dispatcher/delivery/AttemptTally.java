package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Send attempts of a step by {@link AttemptOutcome}, counted on the send threads as they are made and
 * kept in the step's execution context (key {@code send.attempts.<outcome>}) by the writer that owns it:
 * with each commit, and when the step ends, so that the attempts of a chunk that failed and rolled back
 * are counted too. They survive a restart and are the one count of attempts the summary, the run report
 * and the progress lines show.
 */
public final class AttemptTally implements SendObserver {

    private static final String PREFIX = "send.attempts.";

    private final Map<AttemptOutcome, LongAdder> counts = new EnumMap<>(AttemptOutcome.class);

    public AttemptTally() {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            counts.put(outcome, new LongAdder());
        }
    }

    @Override
    public void attempted(SendOutcome outcome, Duration latency) {
        count(AttemptOutcome.of(outcome)).increment();
    }

    /** Restores the counts saved in a step's execution context (zero when absent). */
    public void restore(ExecutionContext context) {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            count(outcome).reset();
            count(outcome).add(context.getLong(PREFIX + outcome.label(), 0));
        }
    }

    public void saveTo(ExecutionContext context) {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            context.putLong(PREFIX + outcome.label(), count(outcome).sum());
        }
    }

    /** All attempts as kept in a step's execution context (zero when absent). */
    public static long total(ExecutionContext context) {
        return from(context).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Attempts by outcome as kept in a step's execution context (zero when absent). */
    public static Map<AttemptOutcome, Long> from(ExecutionContext context) {
        Map<AttemptOutcome, Long> result = new EnumMap<>(AttemptOutcome.class);
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            result.put(outcome, context.getLong(PREFIX + outcome.label(), 0));
        }
        return result;
    }

    /** Every outcome has its counter from the start. */
    private LongAdder count(AttemptOutcome outcome) {
        return Objects.requireNonNull(counts.get(outcome));
    }
}
