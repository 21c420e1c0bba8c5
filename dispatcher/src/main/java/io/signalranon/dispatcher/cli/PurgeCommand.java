package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.CatalogException;
import io.signalranon.dispatcher.operate.Purge;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code purge [--older-than=P90D] [--dry-run] [--offers=PATH]}: deletes what nothing needs any more, or
 * with {@code --dry-run} prints what it would delete, per table. Deliveries younger than the longest cap
 * window of the catalog are kept whatever {@code --older-than} says.
 */
public class PurgeCommand {

    private final Purge purge;

    /**
     * What to purge.
     *
     * @param olderThan what is older than this goes, unless still needed
     * @param offers the catalog whose longest cap window keeps deliveries, or null for none
     * @param dryRun count what would go and delete nothing
     */
    public record Request(Duration olderThan, @Nullable Path offers, boolean dryRun) {

        public Request {
            Objects.requireNonNull(olderThan, "olderThan");
            if (olderThan.isNegative() || olderThan.isZero()) {
                throw new IllegalArgumentException("--older-than must be > 0, was " + olderThan);
            }
        }
    }

    public PurgeCommand(Purge purge) {
        this.purge = Objects.requireNonNull(purge, "purge");
    }

    /** Runs {@code purge}; the caller holds the run lock. */
    public ExitCode run(Request command, PrintStream out, PrintStream err) {
        Duration capWindow;
        try {
            capWindow = capWindow(command.offers());
        } catch (CatalogException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID;
        }
        Purge.Cuts cuts = purge.cuts(command.olderThan(), capWindow);
        Purge.Tally tally = purge.run(cuts, command.dryRun());
        print(tally, command, capWindow, purge.membershipsCut(), out);
        return ExitCode.COMPLETED;
    }

    /** Purges after a scheduled run with that run's catalog; failures are reported, never thrown. */
    public void afterRun(Duration olderThan, @Nullable Path offers, PrintStream out, PrintStream err) {
        try {
            run(new Request(olderThan, offers, false), out, err);
        } catch (RuntimeException e) {
            err.println("warning: purge after the run failed: " + JobOutcome.rootMessage(e));
        }
    }

    private static Duration capWindow(@Nullable Path offers) {
        return offers == null ? Duration.ZERO : Catalog.load(offers).longestCapWindow();
    }

    private static void print(
            Purge.Tally tally, Request command, Duration capWindow, Instant membershipsCut, PrintStream out) {
        out.println("Purge of what is older than " + tally.cuts().cut() + " (--older-than=" + command.olderThan()
                + "); deliveries older than " + tally.cuts().deliveriesCut()
                + (command.offers() == null
                        ? " (no offers.json: no cap window to keep)"
                        : " (longest cap window of " + command.offers().getFileName() + ": " + capWindow.toDays()
                                + " days)"));
        out.println(command.dryRun() ? "Would delete (dry run: nothing was deleted):" : "Deleted:");
        out.printf("  %-18s %d rows%n", "OFFER_SENT", tally.offerSent());
        out.printf("  %-18s %d resolved rows%n", "FAILED_SEND", tally.failedSends());
        out.printf("  %-18s %d rows%n", "SKIPPED_ROW", tally.skippedRows());
        out.printf("  %-18s %d rows%n", "SCHEDULE_TRIGGER", tally.scheduleTriggers());
        out.printf("  %-18s %d rows of completed runs%n", "DISPATCH_TARGET", tally.dispatchTargets());
        out.printf(
                "  %-18s %d rows of CDP ids that left every audience before %s%n",
                "MEMBERSHIP", tally.membershipsLeft(), membershipsCut);
        out.printf(
                "  %-18s %d completed job instances, %d executions (with their steps, contexts and parameters)%n",
                "job repository", tally.jobInstances(), tally.jobExecutions());
        if (tally.keptWithFailures() + tally.keptRestartable() > 0) {
            out.println("Kept although old: " + tally.keptWithFailures()
                    + " job instances with unresolved failed sends (see failures, reprocess), "
                    + tally.keptRestartable() + " not completed (restartable)");
        }
    }
}
