package io.signalranon.dispatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.privacy.ForgottenIdRepository;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(OutputCaptureExtension.class)
class SkippedRowRecorderTests {

    private static final ForgottenIds NOTHING_FORGOTTEN = new ForgottenIds(
            new ForgottenIdRepository(new JdbcTemplate()) {
                @Override
                public long count() {
                    return 0;
                }
            },
            () -> {
                throw new AssertionError("no key is needed while nothing is forgotten");
            },
            Clock.systemUTC());

    private final List<String> recorded = new ArrayList<>();
    private final SkippedRowRepository repository = new SkippedRowRepository(new JdbcTemplate()) {
        @Override
        public boolean record(
                long jobExecutionId,
                @Nullable Integer input,
                String file,
                long line,
                SkipReason reason,
                String detail,
                ForgottenIds.ForgottenSet forgotten,
                Instant skippedAt) {
            recorded.add(file + ":" + line + " " + reason.label());
            return false;
        }
    };

    @Test
    void logsTheFirstRowsOfEachFileAndReasonThenACountAndRecordsEveryRow(CapturedOutput output) {
        // given
        SkippedRowRecorder recorder = new SkippedRowRecorder(
                repository, NOTHING_FORGOTTEN, Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC));
        StepExecution step =
                new StepExecution("ingest", new JobExecution(1L, new JobInstance(1L, "dispatch"), new JobParameters()));
        RowOrigin origin = new RowOrigin(0, 0, InputFormat.CSV, "changes.csv", false);
        recorder.beforeStep(step);
        // when
        for (int line = 2; line < 14; line++) {
            recorder.onSkipInRead(new MalformedRowException(origin, line, SkipReason.UNKNOWN_STATUS, "maybe"));
        }
        recorder.onSkipInRead(new MalformedRowException(origin, 14, SkipReason.MISSING_ID, "id is missing"));
        recorder.afterStep(step);
        // then
        assertThat(recorded).hasSize(13);
        assertThat(output.getOut().lines().filter(line -> line.contains("Skipped changes.csv:")))
                .hasSize(SkippedRowRecorder.LOGGED_PER_FILE_AND_REASON + 1);
        assertThat(output.getOut())
                .contains("Skipped 7 more rows of changes.csv (unknown status); every skipped row is in SKIPPED_ROW")
                .as("the detail may quote the row's ids: it is in SKIPPED_ROW only")
                .doesNotContain("maybe");
    }
}
