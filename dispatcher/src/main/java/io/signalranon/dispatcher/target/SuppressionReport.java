package io.signalranon.dispatcher.target;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What loading the suppression list found, kept in the job execution's context for the run's summary.
 *
 * @param suppressed user ids loaded
 * @param forgotten  lines kept out because they name a forgotten user id, and bad lines that quote one (recorded
 *                   with it redacted)
 */
public record SuppressionReport(long suppressed, long forgotten) {

    private static final String PREFIX = "suppression.";
    private static final String SUPPRESSED = PREFIX + "loaded";
    private static final String FORGOTTEN = PREFIX + "forgotten";

    public SuppressionReport {
        if (suppressed < 0 || forgotten < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /** Stores the report in a job execution's context. */
    public void saveTo(ExecutionContext context) {
        context.putLong(SUPPRESSED, suppressed);
        context.putLong(FORGOTTEN, forgotten);
    }

    /** The report stored in a job execution's context, or null when the run had no suppression list. */
    public static @Nullable SuppressionReport from(ExecutionContext context) {
        if (!context.containsKey(SUPPRESSED)) {
            return null;
        }
        return new SuppressionReport(context.getLong(SUPPRESSED), context.getLong(FORGOTTEN, 0));
    }
}
