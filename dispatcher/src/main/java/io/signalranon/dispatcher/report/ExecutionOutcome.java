package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.delivery.DeliveryCounters;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.reprocess.ReprocessCounters;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What the command line made of an execution, kept in its job execution context: the exit code, so
 * that {@code history} shows what the run's caller saw.
 */
public final class ExecutionOutcome {

    /** Job execution context key: the exit code of the command that ran the execution. */
    public static final String EXIT_CODE = "dispatcher.exit-code";

    private static final int COMPLETED = 0;
    private static final int SEND_FAILURES = 3;
    private static final int FAILED_RESTARTABLE = 4;

    private ExecutionOutcome() {}

    /**
     * The exit code the command reported, or, for an execution that ended without one (a killed process,
     * a run of an older version), the one its status implies; null while it runs.
     */
    public static @Nullable Integer exitCode(JobExecution execution) {
        if (execution.getExecutionContext().containsKey(EXIT_CODE)) {
            return execution.getExecutionContext().getInt(EXIT_CODE);
        }
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            return messages(execution).failed() > 0 ? SEND_FAILURES : COMPLETED;
        }
        return status.isRunning() || status == BatchStatus.UNKNOWN ? null : FAILED_RESTARTABLE;
    }

    /** Messages delivered and failed by an execution's run so far (dispatch or reprocess step). */
    public static Messages messages(JobExecution execution) {
        Optional<StepExecution> dispatch = step(execution, BatchNames.DISPATCH_STEP);
        if (execution.getJobInstance().getJobName().equals(BatchNames.DISPATCH_JOB)) {
            return dispatch.map(step -> DeliveryCounters.from(step.getExecutionContext()))
                    .map(counters -> new Messages(counters.delivered(), counters.failed()))
                    .orElse(new Messages(0, 0));
        }
        return step(execution, BatchNames.REPROCESS_STEP)
                .map(step -> ReprocessCounters.from(step.getExecutionContext()))
                .map(counters -> new Messages(counters.delivered(), counters.failed()))
                .orElse(new Messages(0, 0));
    }

    static Optional<StepExecution> step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals(name))
                .findFirst();
    }

    /**
     * Messages of a run.
     *
     * @param delivered messages delivered
     * @param failed messages that failed for good
     */
    public record Messages(long delivered, long failed) {

        public Messages {
            if (delivered < 0 || failed < 0) {
                throw new IllegalArgumentException("message counts must be >= 0");
            }
        }
    }
}
