package io.signalranon.dispatcher.job;

import java.time.Clock;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Fixes the run's "now": the {@code as-of} job parameter when given, otherwise the first execution's
 * start, kept in the job execution context under {@value #AS_OF} so that a restart reuses it.
 */
public class AsOfListener implements JobExecutionListener {

    /** Job parameter and job execution context key of the run's as-of instant (ISO-8601). */
    public static final String AS_OF = "as-of";

    private final Clock clock;

    public AsOfListener(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext context = jobExecution.getExecutionContext();
        String given = jobExecution.getJobParameters().getString(AS_OF);
        if (given != null) {
            context.putString(AS_OF, given);
        } else if (!context.containsKey(AS_OF)) {
            context.putString(AS_OF, clock.instant().toString());
        }
    }
}
