package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.SystemicDeliveryException;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.job.Broker;
import io.signalranon.dispatcher.job.RemoteDispatchStep;
import io.signalranon.dispatcher.offer.CatalogException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;

/**
 * How a finished execution of either job ends on the command line: its exit code, and one line on the
 * error stream that says why and how to go on. A failure the dispatcher expects (the service refused
 * or did not answer, an input or catalog it cannot read) stays that one line; any other failure is
 * logged once with its stack trace, so that a bug is never reduced to a message.
 */
final class JobOutcome {

    private static final Logger log = LoggerFactory.getLogger(JobOutcome.class);
    private static final List<Class<? extends Throwable>> EXPECTED = List.of(
            SystemicDeliveryException.class,
            InputFileException.class,
            CatalogException.class,
            SkipLimitExceededException.class,
            RemoteDispatchStep.PartitionFailedException.class,
            Broker.BrokerUnreachableException.class);

    /**
     * What a command says about its job's ending.
     *
     * @param sendFailures the warning when the job completed but some sends stayed failed
     * @param stopped the warning when a stop (SIGTERM) ended it, given the execution id
     * @param failed the error when it failed, given the reason
     */
    record Wording(String sendFailures, LongFunction<String> stopped, Function<String, String> failed) {}

    private JobOutcome() {}

    /**
     * The exit code of a finished execution: 0 completed, 3 completed with failed sends recorded, 4 stopped
     * or failed (restartable); says why on {@code err}.
     */
    static ExitCode exitCode(JobExecution execution, boolean sendFailures, Wording wording, PrintStream err) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            if (sendFailures) {
                err.println(wording.sendFailures());
                return ExitCode.SEND_FAILURES;
            }
            return ExitCode.COMPLETED;
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            err.println(wording.stopped().apply(execution.getId()));
            return ExitCode.FAILED_RESTARTABLE;
        }
        List<Throwable> failures = execution.getAllFailureExceptions();
        Throwable expected = failures.stream()
                .map(JobOutcome::expected)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        Throwable failure =
                expected != null ? expected : failures.stream().findFirst().orElse(null);
        if (failure != null && expected == null) {
            log.error("Execution {} failed unexpectedly", execution.getId(), failure);
        }
        err.println(wording.failed()
                .apply(failure == null ? execution.getExitStatus().getExitDescription() : rootMessage(failure)));
        return ExitCode.FAILED_RESTARTABLE;
    }

    /**
     * The failure the dispatcher expects in {@code failure}'s cause chain or among its suppressed ones
     * (a stream that failed to close after failing to open reports the first failure as suppressed),
     * or null.
     */
    static @Nullable Throwable expected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : EXPECTED) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Throwable found = expected(suppressed);
                if (found != null) {
                    return found;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The first throwable of {@code type} in the cause chain of {@code failure}, or null. */
    static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The message of the innermost cause, or its class name when it has none. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
