package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.operate.ScheduleTriggers;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@code schedule --cron=EXPR [run options]}: stays up and launches {@code run} with the same options
 * whenever the cron expression fires (in the system time zone), until a stop is requested. Runs never
 * overlap: a trigger that comes while a run is going is skipped and logged. Dispatchers sharing the
 * database on the same schedule run each trigger once: the one that claims it first. Each run is identified by its
 * options and files as usual, so new files make a new run and unchanged ones are "nothing to do". With
 * {@code dispatcher.schedule.purge-older-than} set, each run is followed by a purge, under the same run lock.
 */
public class ScheduleCommand {

    private static final Logger log = LoggerFactory.getLogger(ScheduleCommand.class);
    private static final Duration TICK = Duration.ofMillis(200);

    private final RunCommand runCommand;
    private final ExclusiveRun exclusive;
    private final ScheduleTriggers triggers;
    private final PurgeAfterRun purge;
    private final Clock clock;

    /**
     * The purge after each scheduled run ({@code dispatcher.schedule.purge-older-than}).
     *
     * @param command the purge
     * @param olderThan what is older than this goes, or null: no purge
     */
    public record PurgeAfterRun(
            PurgeCommand command, @Nullable Duration olderThan) {

        public PurgeAfterRun {
            Objects.requireNonNull(command, "command");
        }
    }

    public ScheduleCommand(
            RunCommand runCommand,
            ExclusiveRun exclusive,
            ScheduleTriggers triggers,
            PurgeAfterRun purge,
            Clock clock) {
        this.runCommand = Objects.requireNonNull(runCommand, "runCommand");
        this.exclusive = Objects.requireNonNull(exclusive, "exclusive");
        this.triggers = Objects.requireNonNull(triggers, "triggers");
        this.purge = Objects.requireNonNull(purge, "purge");
        this.clock = clock.withZone(ZoneId.systemDefault());
    }

    /**
     * Runs until {@code stopRequested} turns true; a run in progress then stops at its next chunk boundary.
     *
     * @return 0: a requested stop is a clean end
     */
    public ExitCode run(
            CronExpression cron, RunOptions options, BooleanSupplier stopRequested, PrintStream out, PrintStream err)
            throws Exception {
        ZonedDateTime next = cron.next(ZonedDateTime.now(clock));
        if (next == null) {
            err.println("error: the cron expression never fires");
            return ExitCode.INVALID;
        }
        log.info("Scheduled: cron '{}', first run at {}", cron, next);
        while (!stopRequested.getAsBoolean()) {
            Duration wait = Duration.between(ZonedDateTime.now(clock), next);
            if (!wait.isNegative() && !wait.isZero()) {
                Thread.sleep(Math.min(wait.toMillis() + 1, TICK.toMillis()));
                continue;
            }
            ZonedDateTime trigger = next;
            if (triggers.claim(cron + " " + options, trigger.toInstant())) {
                log.info("Run triggered at {}", trigger);
                ExitCode code = exclusive.run(() -> runThenPurge(options, stopRequested, out, err), out, err);
                log.info("Run of {} ended with exit code {}", trigger, code.code());
            } else {
                log.info("The trigger at {} ran on another dispatcher", trigger);
            }
            ZonedDateTime now = ZonedDateTime.now(clock);
            next = cron.next(trigger);
            while (next != null && !next.isAfter(now)) {
                log.info("Skipped the trigger at {}: the previous run was still going", next);
                next = cron.next(next);
            }
            if (next == null) {
                break;
            }
        }
        log.info("Scheduler stopped");
        return ExitCode.COMPLETED;
    }

    private ExitCode runThenPurge(RunOptions options, BooleanSupplier stopRequested, PrintStream out, PrintStream err)
            throws Exception {
        ExitCode code = runCommand.run(options, out, err);
        if (purge.olderThan() != null && !stopRequested.getAsBoolean()) {
            purge.command().afterRun(purge.olderThan(), options.offers(), out, err);
        }
        return code;
    }
}
