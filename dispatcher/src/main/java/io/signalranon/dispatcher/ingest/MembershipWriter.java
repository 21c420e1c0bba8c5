package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.membership.MembershipStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes a chunk of the ingest step into the membership store, in the chunk's transaction: change rows
 * in order, and at each {@link FileEnd} the snapshot exits and the file's record in {@code INGESTED_FILE}.
 * In a dry run the changes are undoable and no file is recorded as ingested.
 */
public class MembershipWriter implements ItemStreamWriter<IngestItem>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(MembershipWriter.class);

    private final MembershipStore store;
    private final IngestedFileRepository registry;
    private final Clock clock;
    private final Predicate<StepExecution> dryRun;
    private boolean undoable;
    private ExecutionContext tallyContext = new ExecutionContext();
    private IngestTally tally = new IngestTally(tallyContext);
    private long jobInstanceId;
    private long jobExecutionId;
    private long written;

    /** @param dryRun tells whether a step execution belongs to a dry run */
    public MembershipWriter(
            MembershipStore store, IngestedFileRepository registry, Clock clock, Predicate<StepExecution> dryRun) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecutionId = stepExecution.getJobExecution().getId();
        jobInstanceId = stepExecution.getJobExecution().getJobInstance().getId();
        undoable = dryRun.test(stepExecution);
        int adopted = store.adoptReleased(jobInstanceId, undoable);
        if (adopted > 0) {
            log.info("Took over {} membership changes of a run whose ingest failed", adopted);
        }
    }

    @Override
    public void open(ExecutionContext context) {
        tallyContext = new ExecutionContext();
        tally = new IngestTally(tallyContext);
        written = 0;
        context.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + IngestTally.CHANGED))
                .forEach(e -> tallyContext.put(e.getKey(), e.getValue()));
    }

    @Override
    public void update(ExecutionContext context) {
        tallyContext.entrySet().forEach(e -> context.put(e.getKey(), e.getValue()));
    }

    @Override
    public void write(Chunk<? extends IngestItem> chunk) {
        List<ChangeRow> rows = new ArrayList<>(chunk.size());
        for (IngestItem item : chunk) {
            if (item instanceof ChangeRow row) {
                rows.add(row);
            } else if (item instanceof FileEnd end) {
                flush(rows);
                endFile(end);
            }
        }
        flush(rows);
        written += chunk.size();
        if (written >= 100_000) {
            log.info("Ingested {} more rows", written);
            written = 0;
        }
    }

    private void flush(List<ChangeRow> rows) {
        if (!rows.isEmpty()) {
            count(store.apply(jobInstanceId, rows, undoable));
            rows.clear();
        }
    }

    private void endFile(FileEnd end) {
        if (end.origin().snapshot()) {
            Set<String> named = end.audienceFromName().map(Set::of).orElse(Set.of());
            Instant at = Objects.requireNonNull(end.snapshotTime(), "a snapshot has its time");
            int exited = end.origin().format().snapshotPerId()
                    ? store.exitUnlistedOfListedIds(jobInstanceId, end.origin().fileNo(), at, undoable)
                    : store.exitAbsent(jobInstanceId, end.origin().fileNo(), at, named, undoable);
            count(Map.of(end.origin().input(), exited));
        }
        if (!undoable) {
            registry.record(end, jobInstanceId, jobExecutionId, clock.instant());
        }
    }

    private void count(Map<Integer, Integer> changedPerInput) {
        changedPerInput.forEach((input, changed) -> tally.add(input, IngestTally.CHANGED, changed));
    }
}
