package io.signalranon.dispatcher.reprocess;

import io.signalranon.dispatcher.delivery.SendingWriter;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Running totals of one reprocess step execution, kept in the step's execution context so that they
 * commit with each chunk and survive a restart.
 *
 * @param delivered failed sends delivered now (resolved {@code delivered})
 * @param failed failed sends that failed again
 * @param expired failed sends dropped because their offers had ended (resolved {@code expired})
 * @param withheld failed sends not sent because their users may not be sent to any more (resolved
 *     {@code withheld})
 */
public record ReprocessCounters(long delivered, long failed, long expired, long withheld)
        implements SendingWriter.Totals {

    private static final String PREFIX = "reprocess.";

    public ReprocessCounters {
        if (delivered < 0 || failed < 0 || expired < 0 || withheld < 0) {
            throw new IllegalArgumentException("counters must be >= 0");
        }
    }

    /** Counters as stored in a step's execution context (zero when absent). */
    public static ReprocessCounters from(ExecutionContext context) {
        return new ReprocessCounters(
                context.getLong(PREFIX + "delivered", 0),
                context.getLong(PREFIX + "failed", 0),
                context.getLong(PREFIX + "expired", 0),
                context.getLong(PREFIX + "withheld", 0));
    }

    @Override
    public void saveTo(ExecutionContext context) {
        context.putLong(PREFIX + "delivered", delivered);
        context.putLong(PREFIX + "failed", failed);
        context.putLong(PREFIX + "expired", expired);
        context.putLong(PREFIX + "withheld", withheld);
    }

    ReprocessCounters plus(long delivered, long failed, long expired, long withheld) {
        return new ReprocessCounters(
                this.delivered + delivered, this.failed + failed, this.expired + expired, this.withheld + withheld);
    }
}
