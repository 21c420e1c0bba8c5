package io.signalranon.dispatcher.ingest;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Per-input counters of the ingest step, kept in the step's execution context so that they survive a
 * restart together with the reader's position.
 */
public final class IngestTally {

    /** Files read. */
    public static final String FILES = "files";
    /** Files skipped because they were ingested before. */
    public static final String UNCHANGED = "unchanged";
    /** Change rows read. */
    public static final String READ = "read";
    /**
     * Items read that are no change row: the end of a file, a listed profile without segments. The step's
     * read count is the rows read plus these.
     */
    public static final String MARKERS = "markers";
    /** Malformed rows skipped. */
    public static final String SKIPPED = "skipped";
    /** Memberships whose state changed. */
    public static final String CHANGED = "changed";

    private final ExecutionContext context;

    public IngestTally(ExecutionContext context) {
        this.context = context;
    }

    public long get(int input, String counter) {
        return context.getLong(key(input, counter), 0L);
    }

    public void add(int input, String counter, long delta) {
        if (delta != 0) {
            context.putLong(key(input, counter), get(input, counter) + delta);
        }
    }

    private static String key(int input, String counter) {
        return "ingest.input." + input + "." + counter;
    }
}
