package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.DeliveryCounters;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.IngestTally;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.DeliveryConfiguration;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.target.UsersReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Prints what a run did: per input, files, rows read, rows skipped by reason, memberships changed;
 * then users targeted, messages sent, failed by status, withheld by reason, duration and rate.
 */
public class RunSummary {

    private final FailedSendRepository failedSendRepository;
    private final SkippedRowRepository skippedRows;
    private final MembershipStore store;

    public RunSummary(
            FailedSendRepository failedSendRepository, SkippedRowRepository skippedRows, MembershipStore store) {
        this.failedSendRepository = failedSendRepository;
        this.skippedRows = skippedRows;
        this.store = store;
    }

    public void print(JobExecution execution, List<InputSpec> inputs, PrintStream out) {
        long instanceId = execution.getJobInstance().getId();
        StepExecution ingest = execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals(BatchNames.INGEST_STEP))
                .findFirst()
                .orElse(null);
        IngestTally tally = new IngestTally(ingest == null ? new ExecutionContext() : ingest.getExecutionContext());
        Map<Integer, Map<String, Long>> skips = skippedRows.countByInputAndReason(instanceId);
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Long> reasons = skips.getOrDefault(i, Map.of());
            long skipped = reasons.values().stream().mapToLong(Long::longValue).sum();
            out.printf(
                    Locale.ROOT,
                    "  %s%n    files %d (%d already ingested), rows read %d, rows skipped %d%s,"
                            + " memberships changed %d%n",
                    inputs.get(i),
                    tally.get(i, IngestTally.FILES),
                    tally.get(i, IngestTally.UNCHANGED),
                    tally.get(i, IngestTally.READ),
                    skipped,
                    reasons.isEmpty()
                            ? ""
                            : " ("
                                    + reasons.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .collect(Collectors.joining(", "))
                                    + ")",
                    tally.get(i, IngestTally.CHANGED));
        }
        if (ingest != null) {
            double seconds = ingest.getStartTime() == null || ingest.getEndTime() == null
                    ? 0
                    : Duration.between(ingest.getStartTime(), ingest.getEndTime())
                                    .toMillis()
                            / 1000.0;
            out.printf(
                    Locale.ROOT,
                    "  ingest step: read %d, written %d, skipped %d, commits %d, %.1f s (%.0f rows/s)%n",
                    ingest.getReadCount(),
                    ingest.getWriteCount(),
                    ingest.getSkipCount(),
                    ingest.getCommitCount(),
                    seconds,
                    seconds > 0 ? ingest.getReadCount() / seconds : 0.0);
        }
        out.printf(
                Locale.ROOT,
                "  CDP ids changed: %d%n",
                execution.getExecutionContext().containsKey(BatchNames.DRY_RUN_CHANGED_IDS)
                        ? execution.getExecutionContext().getLong(BatchNames.DRY_RUN_CHANGED_IDS)
                        : store.countChangedIds(instanceId));
        printUsers(execution, out);
        step(execution, BatchNames.TARGETS_STEP)
                .ifPresent(targets -> out.printf(
                        Locale.ROOT,
                        "  users targeted: %d%n",
                        targets.getExecutionContext().getLong(DeliveryConfiguration.TARGETED, 0)));
        boolean dryRun = Boolean.parseBoolean(execution.getJobParameters().getString(BatchNames.DRY_RUN));
        step(execution, BatchNames.DISPATCH_STEP)
                .ifPresent(dispatch -> printDispatch(dispatch, instanceId, dryRun, out));
        if (dryRun) {
            String report = execution.getJobParameters().getString(BatchNames.DRY_RUN_REPORT);
            out.println(
                    report == null
                            ? "  dry run: no report written (--dry-run=FILE writes one); the store is as it was"
                            : "  dry run: report written to " + report + "; the store is as it was");
        }
    }

    private static void printUsers(JobExecution execution, PrintStream out) {
        UsersReport users = UsersReport.from(execution.getExecutionContext());
        if (users == null) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "  users.csv: %d users, %d duplicate rows (the most restrictive consent kept)%n",
                users.users(),
                users.duplicates());
        if (!users.consentColumn()) {
            out.println("  consent: users.csv has no consent column, so consent is handled upstream");
        } else if (users.unknownConsent() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  consent withheld for %d unknown consent values (in SKIPPED_ROW): %s%s%n",
                    users.unknownConsent(),
                    String.join(", ", users.examples()),
                    users.unknownConsent() > users.examples().size() ? ", ..." : "");
        }
    }

    private void printDispatch(StepExecution dispatch, long instanceId, boolean dryRun, PrintStream out) {
        DeliveryCounters counters = DeliveryCounters.from(dispatch.getExecutionContext());
        double seconds = seconds(dispatch);
        if (dryRun) {
            out.printf(Locale.ROOT, "  dry run: messages planned %d (nothing sent)%n", counters.planned());
        } else {
            out.printf(
                    Locale.ROOT,
                    "  messages sent %d, failed %d%s, send attempts %d%n",
                    counters.delivered(),
                    counters.failed(),
                    failedByStatus(instanceId),
                    counters.attempts());
        }
        out.printf(
                Locale.ROOT,
                "  withheld: holdout %d, suppressed %d, no consent %d%n",
                counters.holdout(),
                counters.suppressed(),
                counters.noConsent());
        out.printf(
                Locale.ROOT,
                "  dispatch step: users %d, %.1f s (%.0f messages/s)%n",
                counters.users(),
                seconds,
                seconds > 0 ? (counters.delivered() + counters.failed() + counters.planned()) / seconds : 0.0);
        if (!dryRun) {
            out.printf(
                    Locale.ROOT,
                    "  delivery rate: %d delivered in %.1f s (%.0f messages/s), throttled attempts %d of %d (%.1f%%)%n",
                    counters.delivered(),
                    seconds,
                    seconds > 0 ? counters.delivered() / seconds : 0.0,
                    counters.throttled(),
                    counters.attempts(),
                    counters.attempts() > 0 ? 100.0 * counters.throttled() / counters.attempts() : 0.0);
        }
    }

    /** Failed sends of the run (all its executions) not resolved since. */
    public long failedSends(JobExecution execution) {
        return step(execution, BatchNames.DISPATCH_STEP)
                .map(dispatch ->
                        DeliveryCounters.from(dispatch.getExecutionContext()).failed())
                .orElse(0L);
    }

    private String failedByStatus(long instanceId) {
        Map<Integer, Long> byStatus = failedSendRepository.countByStatus(instanceId);
        return byStatus.isEmpty()
                ? ""
                : " ("
                        + byStatus.entrySet().stream()
                                .map(e -> (e.getKey() == 0 ? "no response" : "status " + e.getKey()) + ": "
                                        + e.getValue())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    private static Optional<StepExecution> step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals(name))
                .findFirst();
    }

    private static double seconds(StepExecution step) {
        return step.getStartTime() == null || step.getEndTime() == null
                ? 0
                : Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1000.0;
    }
}
