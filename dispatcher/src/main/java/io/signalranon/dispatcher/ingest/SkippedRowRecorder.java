package io.signalranon.dispatcher.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records each skipped row in {@code SKIPPED_ROW}, in the chunk's transaction, with one log line. */
public class SkippedRowRecorder implements SkipListener<IngestItem, IngestItem>, StepExecutionListener {

    private static final Log log = LogFactory.getLog(SkippedRowRecorder.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private long jobExecutionId;

    public SkippedRowRecorder(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecutionId = stepExecution.getJobExecution().getId();
    }

    @Override
    public void onSkipInRead(Throwable t) {
        if (t instanceof MalformedRowException row) {
            log.warn("Skipped " + row.getMessage());
            record(
                    jdbc,
                    jobExecutionId,
                    row.origin().input(),
                    row.origin().file(),
                    row.line(),
                    row.reason(),
                    row.detail(),
                    clock);
        }
    }

    /** Inserts one skip record; also used for the users and suppression files (input null). */
    public static void record(
            JdbcTemplate jdbc,
            long jobExecutionId,
            Integer input,
            String file,
            long line,
            SkipReason reason,
            String detail,
            Clock clock) {
        jdbc.update(
                "INSERT INTO SKIPPED_ROW (JOB_EXECUTION_ID, INPUT_NO, FILE_NAME, LINE_NO, REASON, DETAIL, SKIPPED_AT)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                jobExecutionId,
                input,
                file,
                line,
                reason.label(),
                detail.length() > 512 ? detail.substring(0, 512) : detail,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
}
