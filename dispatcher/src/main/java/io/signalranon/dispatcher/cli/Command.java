package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/** What the command line asks for. */
public sealed interface Command {

    /** The default age of {@code purge --older-than}. */
    Duration DEFAULT_PURGE_AGE = Duration.ofDays(90);

    /** {@code --help}: print the usage text. */
    record Help() implements Command {}

    /**
     * {@code COMMAND --help}: print that command's usage.
     *
     * @param command the command's name
     */
    record CommandHelp(String command) implements Command {

        public CommandHelp {
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code run [options]}. */
    record Run(RunOptions options) implements Command {}

    /**
     * {@code schedule --cron=EXPR [run options]}: run on a cron schedule until stopped.
     *
     * @param cron when to run (Spring's six-field cron syntax, seconds first)
     * @param options the options of every run
     */
    record Schedule(CronExpression cron, RunOptions options) implements Command {
        public Schedule {
            Objects.requireNonNull(cron, "cron");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * {@code restart [EXECUTION_ID]}: resume a failed or stopped execution.
     *
     * @param executionId the execution, or null for the latest failed or stopped one
     */
    record Restart(Long executionId) implements Command {}

    /**
     * {@code failures [--execution=N] [--json] [--show-message]}: list unresolved failed sends.
     *
     * @param execution only those recorded by this dispatch execution, or null for all
     * @param json one JSON object per line instead of a table
     * @param showMessage include the message body (user data)
     */
    record Failures(Long execution, boolean json, boolean showMessage) implements Command {}

    /**
     * {@code reprocess [--execution=N]}: send unresolved failed sends again.
     *
     * @param execution only those recorded by this dispatch execution, or null for all
     */
    record Reprocess(Long execution) implements Command {}

    /**
     * {@code history [--last=N] [--json]}: recent executions of every job, newest first.
     *
     * @param last how many executions
     * @param json one JSON object per line instead of a table
     */
    record History(int last, boolean json) implements Command {
        public History {
            if (last < 1) {
                throw new IllegalArgumentException("last must be >= 1, got " + last);
            }
        }
    }

    /**
     * {@code purge [--older-than=P90D] [--dry-run] [--offers=PATH]}: delete what no cap, restart or reprocess
     * needs any more.
     *
     * @param olderThan what is older than this goes, unless still needed
     * @param offers the catalog whose longest cap window keeps deliveries, or null for none
     * @param dryRun count what would go and delete nothing
     */
    record Purge(Duration olderThan, @Nullable Path offers, boolean dryRun) implements Command {

        public Purge {
            Objects.requireNonNull(olderThan, "olderThan");
            if (olderThan.isNegative() || olderThan.isZero()) {
                throw new IllegalArgumentException("--older-than must be > 0, was " + olderThan);
            }
        }
    }
}
