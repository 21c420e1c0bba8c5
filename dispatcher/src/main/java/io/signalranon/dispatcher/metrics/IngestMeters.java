package io.signalranon.dispatcher.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.signalranon.dispatcher.ingest.IngestTally;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Counts the rows an ingest step execution read and skipped, by export format and skip reason, from
 * what the step keeps (its {@link IngestTally} and SKIPPED_ROW) when it ends: only the rows of this
 * execution, so a restart does not count again the rows of the execution it resumes.
 */
public final class IngestMeters implements StepExecutionListener {

    private final MeterRegistry registry;
    private final SkippedRowRepository skippedRows;
    private final String inputsParameter;
    private final Map<Long, Snapshot> before = new HashMap<>();

    /** @param inputsParameter the job parameter that lists the run's inputs, one {@code FORMAT:PATH} per line */
    public IngestMeters(MeterRegistry registry, SkippedRowRepository skippedRows, String inputsParameter) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.skippedRows = Objects.requireNonNull(skippedRows, "skippedRows");
        this.inputsParameter = Objects.requireNonNull(inputsParameter, "inputsParameter");
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        before.put(stepExecution.getId(), snapshot(stepExecution));
    }

    @Override
    public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
        Snapshot start = before.remove(stepExecution.getId());
        Snapshot end = snapshot(stepExecution);
        List<String> formats = formats(stepExecution);
        for (int i = 0; i < formats.size(); i++) {
            long read = end.read().getOrDefault(i, 0L)
                    - (start == null ? 0 : start.read().getOrDefault(i, 0L));
            registry.counter(MetricNames.INGEST_ROWS_READ, MetricNames.FORMAT, formats.get(i))
                    .increment(Math.max(read, 0));
            Map<String, Long> skippedBefore =
                    start == null ? Map.of() : start.skipped().getOrDefault(i, Map.of());
            for (Map.Entry<String, Long> reason :
                    end.skipped().getOrDefault(i, Map.of()).entrySet()) {
                long skipped = reason.getValue() - skippedBefore.getOrDefault(reason.getKey(), 0L);
                if (skipped > 0) {
                    registry.counter(
                                    MetricNames.INGEST_ROWS_SKIPPED,
                                    MetricNames.FORMAT,
                                    formats.get(i),
                                    MetricNames.REASON,
                                    reason.getKey())
                            .increment(skipped);
                }
            }
        }
        return null;
    }

    private Snapshot snapshot(StepExecution stepExecution) {
        IngestTally tally = new IngestTally(stepExecution.getExecutionContext());
        Map<Integer, Long> read = new HashMap<>();
        for (int i = 0; i < formats(stepExecution).size(); i++) {
            read.put(i, tally.get(i, IngestTally.READ));
        }
        return new Snapshot(
                read,
                skippedRows.countByInputAndReason(
                        stepExecution.getJobExecution().getJobInstanceId()));
    }

    private List<String> formats(StepExecution stepExecution) {
        String inputs = stepExecution.getJobParameters().getString(inputsParameter, "");
        return inputs == null || inputs.isBlank()
                ? List.of()
                : Arrays.stream(inputs.split("\n"))
                        .map(spec -> InputSpec.parse(spec).format().cliName())
                        .toList();
    }

    private record Snapshot(Map<Integer, Long> read, Map<Integer, Map<String, Long>> skipped) {}
}
