package io.signalranon.dispatcher.job;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Job parameters of {@code reprocess}. Identifying: {@value BatchNames#REPROCESS_SCOPE} ({@code all} or the dispatch
 * execution id whose failures are sent again) and {@value BatchNames#REPROCESS_RUN}, a sequence number that stays the same
 * while the latest reprocess has not completed (so running the command again restarts it after its last
 * commit) and grows once it has (so a later command sends again what is still unresolved).
 * Non-identifying: {@value BatchNames#REPROCESS_MAX_ID}, the highest FAILED_SEND id when the run began, and
 * {@value BatchNames#USERS} and {@value BatchNames#SUPPRESS} when given (the files its users are checked against).
 */
public final class ReprocessParameters {

    private static final String ALL = "all";

    private ReprocessParameters() {}

    /** Parameters of a new reprocess run. */
    public static JobParameters of(@Nullable Long execution, long run, long maxId) {
        return of(execution, run, maxId, null, null);
    }

    /**
     * Parameters of a new reprocess run that checks its users against these files (non-identifying; null: those
     * of the run that recorded the failures).
     */
    public static JobParameters of(
            @Nullable Long execution, long run, long maxId, @Nullable Path users, @Nullable Path suppress) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(BatchNames.REPROCESS_SCOPE, execution == null ? ALL : Long.toString(execution), true)
                .addLong(BatchNames.REPROCESS_RUN, run, true)
                .addLong(BatchNames.REPROCESS_MAX_ID, maxId, false);
        if (users != null) {
            builder.addString(BatchNames.USERS, users.toString(), false);
        }
        if (suppress != null) {
            builder.addString(BatchNames.SUPPRESS, suppress.toString(), false);
        }
        return builder.toJobParameters();
    }

    /** The dispatch execution a scope names, null for all. */
    public static @Nullable Long execution(@Nullable String scope) {
        return scope == null || scope.equals(ALL) ? null : Long.valueOf(scope);
    }

    /** Whether {@code execution} ran with the given scope. */
    public static boolean sameScope(JobExecution execution, @Nullable Long scope) {
        return execution
                .getJobParameters()
                .getString(BatchNames.REPROCESS_SCOPE, ALL)
                .equals(scope == null ? ALL : scope.toString());
    }

    /** The sequence number of a reprocess execution. */
    public static long run(JobExecution execution) {
        Long run = execution.getJobParameters().getLong(BatchNames.REPROCESS_RUN);
        return run == null ? 0 : run;
    }

    /** The highest FAILED_SEND id a reprocess execution covers. */
    public static long maxId(JobExecution execution) {
        Long max = execution.getJobParameters().getLong(BatchNames.REPROCESS_MAX_ID);
        return max == null ? 0 : max;
    }
}
