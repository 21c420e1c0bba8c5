package io.signalranon.dispatcher.ingest;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** Records each skipped row in {@code SKIPPED_ROW}, in the chunk's transaction, with one log line. */
public class SkippedRowRecorder implements SkipListener<IngestItem, IngestItem>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(SkippedRowRecorder.class);

    private final SkippedRowRepository rows;
    private final Clock clock;
    private long jobExecutionId;

    public SkippedRowRecorder(SkippedRowRepository rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecutionId = stepExecution.getJobExecution().getId();
    }

    @Override
    public void onSkipInRead(Throwable t) {
        if (t instanceof MalformedRowException row) {
            log.warn("Skipped {}", row.getMessage());
            rows.record(
                    jobExecutionId,
                    row.origin().input(),
                    row.origin().file(),
                    row.line(),
                    row.reason(),
                    row.detail(),
                    clock.instant());
        }
    }
}
