package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Records each skipped row in {@code SKIPPED_ROW}, in the chunk's transaction. The log gets a line (file, line,
 * reason: never the detail, which may quote the row's ids) for the first few rows of each file and reason, and
 * at the end of the step the count of the others. A forgotten id the detail quotes is stored redacted, and the
 * rows that quote one are counted in the step's context ({@link #FORGOTTEN}).
 */
public class SkippedRowRecorder implements SkipListener<IngestItem, IngestItem>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(SkippedRowRecorder.class);

    /** The key, in the ingest step's context, of the count of skipped rows that quote a forgotten id. */
    public static final String FORGOTTEN = "ingest.skipped-forgotten";

    private final SkippedRowRepository rows;
    private final ForgottenIds forgottenIds;
    private final Clock clock;
    /** Log lines per file and reason; the other skips are counted. */
    static final int LOGGED_PER_FILE_AND_REASON = 5;

    private final Map<String, Long> skipsPerFileAndReason = new LinkedHashMap<>();
    private long jobExecutionId;
    private ForgottenIds.ForgottenSet forgotten = ForgottenIds.ForgottenSet.NONE;
    private @Nullable StepExecution step;

    public SkippedRowRecorder(SkippedRowRepository rows, ForgottenIds forgottenIds, Clock clock) {
        this.rows = rows;
        this.forgottenIds = forgottenIds;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecutionId = stepExecution.getJobExecution().getId();
        skipsPerFileAndReason.clear();
        forgotten = forgottenIds.snapshot();
        step = stepExecution;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        skipsPerFileAndReason.forEach((fileAndReason, count) -> {
            if (count > LOGGED_PER_FILE_AND_REASON) {
                String[] parts = fileAndReason.split("\n", 2);
                log.warn(
                        "Skipped {} more rows of {} ({}); every skipped row is in SKIPPED_ROW",
                        count - LOGGED_PER_FILE_AND_REASON,
                        parts[0],
                        parts[1]);
            }
        });
        return stepExecution.getExitStatus();
    }

    @Override
    public void onSkipInRead(Throwable t) {
        if (t instanceof MalformedRowException row) {
            long seen = skipsPerFileAndReason.merge(
                    row.origin().file() + "\n" + row.reason().label(), 1L, Long::sum);
            if (seen <= LOGGED_PER_FILE_AND_REASON) {
                // the detail may quote the row's values (ids among them): it goes to SKIPPED_ROW, not to the log
                log.warn(
                        "Skipped {}:{}: {} (detail in SKIPPED_ROW)",
                        row.origin().file(),
                        row.line(),
                        row.reason().label());
            }
            boolean namesForgotten = rows.record(
                    jobExecutionId,
                    row.origin().input(),
                    row.origin().file(),
                    row.line(),
                    row.reason(),
                    row.detail(),
                    forgotten,
                    clock.instant());
            if (namesForgotten && step != null) {
                step.getExecutionContext()
                        .putLong(FORGOTTEN, step.getExecutionContext().getLong(FORGOTTEN, 0) + 1);
            }
        }
    }
}
