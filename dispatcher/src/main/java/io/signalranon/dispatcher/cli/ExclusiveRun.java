package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.operate.LockHeldException;
import io.signalranon.dispatcher.operate.OrphanedExecutions;
import io.signalranon.dispatcher.operate.RunLock;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Runs a job-launching command while holding the {@link RunLock}: first recovers executions left
 * running by a killed process, then runs the command, then frees the lock. When another process holds
 * the lock, nothing is done and the exit code is 5.
 */
public class ExclusiveRun {

    /** A command that launches jobs. */
    @FunctionalInterface
    public interface JobCommand {
        ExitCode run() throws Exception;
    }

    private final RunLock lock;
    private final OrphanedExecutions orphans;

    public ExclusiveRun(RunLock lock, OrphanedExecutions orphans) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.orphans = Objects.requireNonNull(orphans, "orphans");
    }

    public ExitCode run(JobCommand command, PrintStream out, PrintStream err) throws Exception {
        RunLock.Lease lease;
        try {
            lease = lock.acquire(RunLock.JOBS);
        } catch (LockHeldException e) {
            err.println("error: " + e.getMessage() + "; nothing was done");
            return ExitCode.ALREADY_RUNNING;
        }
        try (lease) {
            orphans.recover(out);
            return command.run();
        }
    }
}
