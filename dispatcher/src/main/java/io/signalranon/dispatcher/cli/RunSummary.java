package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.AttemptOutcome;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.report.RunResult;
import io.signalranon.dispatcher.target.SuppressionReport;
import io.signalranon.dispatcher.target.UsersReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * Prints a {@link RunResult} as text: for a run, per input, files, rows read, rows skipped by reason,
 * memberships changed; then users targeted, messages sent, failed by status, withheld by reason,
 * duration and rate; for a reprocess, what became of the failed sends. It counts nothing itself: the run
 * report writes the same result, so the two agree.
 */
final class RunSummary {

    private RunSummary() {}

    /**
     * Prints the summary of a {@code dispatch} execution. Its ingest figures cover the whole run (job
     * instance), all of its executions.
     */
    static void printRun(RunResult result, PrintStream out) {
        RunResult.Execution execution = result.execution();
        List<Long> earlier = execution.earlier();
        out.printf(
                Locale.ROOT,
                "Run %s: job instance %d, execution %d%s, %.1f s, as-of %s%n",
                status(execution.status()),
                execution.jobInstanceId(),
                execution.id(),
                earlier.isEmpty()
                        ? ""
                        : " (resumes job instance " + execution.jobInstanceId() + " after execution "
                                + earlier.get(earlier.size() - 1) + ")",
                execution.times().seconds(),
                Objects.requireNonNullElse(execution.asOf(), "-"));
        for (RunResult.Input input : result.inputs()) {
            Map<String, Long> reasons = input.rowsSkippedByReason();
            out.printf(
                    Locale.ROOT,
                    "  %s%n    files %d (%d already ingested), rows read %d, rows skipped %d%s,"
                            + " memberships changed %d%n",
                    input.input(),
                    input.files(),
                    input.filesAlreadyIngested(),
                    input.rowsRead(),
                    input.rowsSkipped(),
                    reasons.isEmpty()
                            ? ""
                            : " ("
                                    + reasons.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .collect(Collectors.joining(", "))
                                    + ")",
                    input.membershipsChanged());
        }
        RunResult.IngestTotals ingest = result.ingest();
        if (ingest != null) {
            printIngestStep(result, ingest, out);
        }
        Long cdpIdsChanged = result.cdpIdsChanged();
        out.printf(Locale.ROOT, "  CDP ids changed: %d%n", cdpIdsChanged == null ? 0 : cdpIdsChanged);
        printUsers(result.users(), out);
        printForgotten(result, out);
        result.usersTargeted().ifPresent(users -> out.printf(Locale.ROOT, "  users targeted: %d%n", users));
        result.dispatch().ifPresent(dispatch -> printDispatch(result, dispatch, out));
        printPartitions(result.partitions(), out);
        if (execution.dryRun()) {
            out.println(
                    execution.dryRunReport() == null
                            ? "  dry run: no report written (--dry-run=FILE writes one); the store is as it was"
                            : "  dry run: report written to " + execution.dryRunReport() + "; the store is as it was");
        }
    }

    /** Prints what a {@code reprocess} execution did to the failed sends of its scope. */
    static void printReprocess(RunResult result, PrintStream out) {
        RunResult.Execution execution = result.execution();
        out.printf(
                Locale.ROOT,
                "Reprocess %s: job instance %d, execution %d, %.1f s%n",
                status(execution.status()),
                execution.jobInstanceId(),
                execution.id(),
                execution.times().seconds());
        RunResult.Reprocess reprocess =
                result.reprocess().orElse(new RunResult.Reprocess(0, 0, 0, 0, new RunResult.Attempts(Map.of())));
        out.printf(
                Locale.ROOT,
                "  delivered %d, dropped as expired %d, withheld %d (users who may not be sent to any more), failed"
                        + " again %d, send attempts %d; still unresolved %d%n",
                reprocess.delivered(),
                reprocess.expired(),
                reprocess.withheld(),
                reprocess.failed(),
                reprocess.attempts().total(),
                Objects.requireNonNullElse(result.unresolved(), 0L));
    }

    /**
     * The ingest step's own counts, which agree with the per-input ones: Spring Batch counts as read every
     * row taken and, besides them, one item per file end and per listed profile without segments.
     */
    private static void printIngestStep(RunResult result, RunResult.IngestTotals ingest, PrintStream out) {
        double seconds = ingest.seconds();
        long rowsRead = result.rowsRead();
        long read = ingest.counts().read();
        out.printf(
                Locale.ROOT,
                "  ingest step%s: rows read %d, rows skipped %d, %.1f s (%.0f rows/s); Spring Batch's counts: items"
                        + " read %d (%d rows and %d file ends or listed profiles without segments), written %d,"
                        + " skipped %d, commits %d%n",
                ingest.executions().size() == 1
                        ? ""
                        : ingest.executions().stream()
                                .map(String::valueOf)
                                .collect(Collectors.joining(", ", " (executions ", ")")),
                rowsRead,
                result.rowsSkipped(),
                seconds,
                seconds > 0 ? rowsRead / seconds : 0.0,
                read,
                read - result.markers(),
                result.markers(),
                ingest.counts().write(),
                ingest.counts().skip(),
                ingest.counts().commit());
    }

    /**
     * The rows kept out because they name forgotten ids: the ingest step's filtered rows, users.csv's and the
     * suppression list's; with each, its bad rows that quote a forgotten id (recorded with it redacted).
     */
    private static void printForgotten(RunResult result, PrintStream out) {
        RunResult.IngestTotals ingest = result.ingest();
        UsersReport users = result.users();
        SuppressionReport suppression = result.suppression();
        long exports = ingest == null ? 0 : ingest.counts().filter() + ingest.skippedForgotten();
        long usersFile = users == null ? 0 : users.forgotten();
        long suppressionList = suppression == null ? 0 : suppression.forgotten();
        if (exports + usersFile + suppressionList > 0) {
            out.printf(
                    Locale.ROOT,
                    "  forgotten: %d rows of the exports, %d rows of users.csv and %d lines of the suppression list"
                            + " kept out (they name forgotten ids)%n",
                    exports,
                    usersFile,
                    suppressionList);
        }
    }

    private static void printUsers(@Nullable UsersReport users, PrintStream out) {
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

    private static void printDispatch(RunResult result, RunResult.Dispatch dispatch, PrintStream out) {
        boolean dryRun = result.execution().dryRun();
        long attempts = dispatch.attempts().total();
        long throttled = dispatch.attempts().get(AttemptOutcome.THROTTLED);
        double seconds = result.step(BatchNames.DISPATCH_STEP)
                .map(step -> step.times().seconds())
                .orElse(0.0);
        if (dryRun) {
            out.printf(Locale.ROOT, "  dry run: messages planned %d (nothing sent)%n", dispatch.planned());
        } else {
            out.printf(
                    Locale.ROOT,
                    "  messages sent %d, failed %d%s, send attempts %d%n",
                    dispatch.delivered(),
                    dispatch.failed(),
                    failedByStatus(result.failedByStatus()),
                    attempts);
        }
        out.printf(
                Locale.ROOT,
                "  withheld: holdout %d, suppressed %d, no consent %d%n",
                dispatch.holdout(),
                dispatch.suppressed(),
                dispatch.noConsent());
        out.printf(
                Locale.ROOT,
                "  dispatch step: users %d, %.1f s (%.0f messages/s)%n",
                dispatch.users(),
                seconds,
                seconds > 0 ? (dispatch.delivered() + dispatch.failed() + dispatch.planned()) / seconds : 0.0);
        if (!dryRun) {
            out.printf(
                    Locale.ROOT,
                    "  delivery rate: %d delivered in %.1f s (%.0f messages/s), throttled attempts %d of %d (%.1f%%)%n",
                    dispatch.delivered(),
                    seconds,
                    seconds > 0 ? dispatch.delivered() / seconds : 0.0,
                    throttled,
                    attempts,
                    attempts > 0 ? 100.0 * throttled / attempts : 0.0);
        }
    }

    /** The partitions of a run partitioned over workers: how many ended how, and which worker ran how many. */
    private static void printPartitions(List<RunResult.Partition> partitions, PrintStream out) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<String, Long> byStatus = partitions.stream()
                .collect(Collectors.groupingBy(p -> status(p.status()), TreeMap::new, Collectors.counting()));
        Map<String, Long> byWorker = partitions.stream()
                .collect(Collectors.groupingBy(RunResult.Partition::worker, TreeMap::new, Collectors.counting()));
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
        for (RunResult.Partition partition : partitions) {
            if (partition.status() != BatchStatus.COMPLETED) {
                out.printf(
                        Locale.ROOT,
                        "    partition %s %s (worker %s, %d users done): 'restart' runs it again after its last commit%n",
                        partition.name(),
                        status(partition.status()),
                        partition.worker(),
                        partition.users());
            }
        }
    }

    private static String failedByStatus(Map<Integer, Long> byStatus) {
        return byStatus.isEmpty()
                ? ""
                : " ("
                        + byStatus.entrySet().stream()
                                .map(e -> (e.getKey() == 0 ? "no response" : "status " + e.getKey()) + ": "
                                        + e.getValue())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    private static String status(BatchStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
