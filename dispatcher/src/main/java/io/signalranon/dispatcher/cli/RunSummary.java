package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.AttemptOutcome;
import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.DeliveryCounters;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.IngestTally;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.DeliveryConfiguration;
import io.signalranon.dispatcher.job.DispatchPartitions;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.target.UsersReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
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
    private final JobRepository jobRepository;

    public RunSummary(
            FailedSendRepository failedSendRepository,
            SkippedRowRepository skippedRows,
            MembershipStore store,
            JobRepository jobRepository) {
        this.failedSendRepository = failedSendRepository;
        this.skippedRows = skippedRows;
        this.store = store;
        this.jobRepository = jobRepository;
    }

    /**
     * Prints the summary of an execution. Its ingest figures cover the whole run (job instance), all of
     * its executions: the per-input counts come from the ingest step's context, which a restart carries
     * on, and the step's counts are summed over the executions that ran the step.
     *
     * @param earlier the run's executions before this one (empty unless it was restarted)
     */
    public void print(JobExecution execution, List<JobExecution> earlier, List<InputSpec> inputs, PrintStream out) {
        long instanceId = execution.getJobInstance().getId();
        List<StepExecution> ingestSteps = Stream.concat(earlier.stream(), Stream.of(execution))
                .flatMap(run -> run.getStepExecutions().stream())
                .filter(step -> step.getStepName().equals(BatchNames.INGEST_STEP))
                .sorted(Comparator.comparing(StepExecution::getId))
                .toList();
        IngestTally tally = new IngestTally(
                ingestSteps.isEmpty()
                        ? new ExecutionContext()
                        : ingestSteps.get(ingestSteps.size() - 1).getExecutionContext());
        Map<Integer, Map<String, Long>> skips = skippedRows.countByInputAndReason(instanceId);
        long rowsRead = 0;
        long rowsSkipped = 0;
        long markers = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Long> reasons = skips.getOrDefault(i, Map.of());
            long skipped = reasons.values().stream().mapToLong(Long::longValue).sum();
            rowsRead += tally.get(i, IngestTally.READ);
            rowsSkipped += skipped;
            markers += tally.get(i, IngestTally.MARKERS);
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
        if (!ingestSteps.isEmpty()) {
            printIngestStep(ingestSteps, rowsRead, rowsSkipped, markers, out);
        }
        out.printf(
                Locale.ROOT,
                "  CDP ids changed: %d%n",
                execution.getExecutionContext().containsKey(BatchNames.DRY_RUN_CHANGED_IDS)
                        ? execution.getExecutionContext().getLong(BatchNames.DRY_RUN_CHANGED_IDS)
                        : store.countChangedIds(instanceId));
        printUsers(execution, out);
        printForgotten(ingestSteps, UsersReport.from(execution.getExecutionContext()), out);
        step(execution, BatchNames.TARGETS_STEP)
                .ifPresent(targets -> out.printf(
                        Locale.ROOT,
                        "  users targeted: %d%n",
                        targets.getExecutionContext().getLong(DeliveryConfiguration.TARGETED, 0)));
        boolean dryRun = Boolean.parseBoolean(execution.getJobParameters().getString(BatchNames.DRY_RUN));
        step(execution, BatchNames.DISPATCH_STEP)
                .ifPresent(dispatch -> printDispatch(dispatch, instanceId, dryRun, out));
        printPartitions(execution, out);
        if (dryRun) {
            String report = execution.getJobParameters().getString(BatchNames.DRY_RUN_REPORT);
            out.println(
                    report == null
                            ? "  dry run: no report written (--dry-run=FILE writes one); the store is as it was"
                            : "  dry run: report written to " + report + "; the store is as it was");
        }
    }

    /**
     * The ingest step's own counts, which agree with the per-input ones: Spring Batch counts as read every
     * row taken and, besides them, one item per file end and per listed profile without segments.
     */
    private static void printIngestStep(
            List<StepExecution> steps, long rowsRead, long rowsSkipped, long markers, PrintStream out) {
        double seconds = steps.stream().mapToDouble(RunSummary::seconds).sum();
        long read = steps.stream().mapToLong(StepExecution::getReadCount).sum();
        out.printf(
                Locale.ROOT,
                "  ingest step%s: rows read %d, rows skipped %d, %.1f s (%.0f rows/s); Spring Batch's counts: items"
                        + " read %d (%d rows and %d file ends or listed profiles without segments), written %d,"
                        + " skipped %d, commits %d%n",
                steps.size() == 1
                        ? ""
                        : steps.stream()
                                .map(step -> String.valueOf(step.getJobExecutionId()))
                                .collect(Collectors.joining(", ", " (executions ", ")")),
                rowsRead,
                rowsSkipped,
                seconds,
                seconds > 0 ? rowsRead / seconds : 0.0,
                read,
                read - markers,
                markers,
                steps.stream().mapToLong(StepExecution::getWriteCount).sum(),
                steps.stream().mapToLong(StepExecution::getSkipCount).sum(),
                steps.stream().mapToLong(StepExecution::getCommitCount).sum());
    }

    /** The rows kept out because they name forgotten ids: the ingest step's filtered rows, and users.csv's. */
    private static void printForgotten(List<StepExecution> ingestSteps, @Nullable UsersReport users, PrintStream out) {
        long exports =
                ingestSteps.stream().mapToLong(StepExecution::getFilterCount).sum();
        long usersFile = users == null ? 0 : users.forgotten();
        if (exports + usersFile > 0) {
            out.printf(
                    Locale.ROOT,
                    "  forgotten: %d rows of the exports and %d rows of users.csv kept out (they name forgotten ids)%n",
                    exports,
                    usersFile);
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
        long attempts = AttemptTally.total(dispatch.getExecutionContext());
        long throttled = AttemptTally.from(dispatch.getExecutionContext()).getOrDefault(AttemptOutcome.THROTTLED, 0L);
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
                    attempts);
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
                    throttled,
                    attempts,
                    attempts > 0 ? 100.0 * throttled / attempts : 0.0);
        }
    }

    /** The partitions of a run partitioned over workers: how many ended how, and which worker ran how many. */
    private void printPartitions(JobExecution execution, PrintStream out) {
        List<StepExecution> partitions = DispatchPartitions.latest(jobRepository, execution.getJobInstance());
        if (partitions.isEmpty()) {
            return;
        }
        Map<String, Long> byStatus = partitions.stream()
                .collect(Collectors.groupingBy(
                        p -> p.getStatus().name().toLowerCase(Locale.ROOT), TreeMap::new, Collectors.counting()));
        Map<String, Long> byWorker = partitions.stream()
                .collect(Collectors.groupingBy(DispatchPartitions::worker, TreeMap::new, Collectors.counting()));
        out.printf(
                Locale.ROOT,
                "  partitions: %d (%s) on %d workers: %s%n",
                partitions.size(),
                byStatus.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")),
                byWorker.keySet().stream().filter(worker -> !worker.equals("-")).count(),
                byWorker.entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .collect(Collectors.joining(", ")));
        for (StepExecution partition : partitions) {
            if (partition.getStatus() != BatchStatus.COMPLETED) {
                out.printf(
                        Locale.ROOT,
                        "    partition %s %s (worker %s, %d users done): 'restart' runs it again after its last commit%n",
                        DispatchPartitions.name(partition),
                        partition.getStatus().name().toLowerCase(Locale.ROOT),
                        DispatchPartitions.worker(partition),
                        DeliveryCounters.from(partition.getExecutionContext()).users());
            }
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
