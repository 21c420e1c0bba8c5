package io.signalranon.dispatcher.job;

import java.time.Clock;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Fixes the run's "now": the {@code as-of} job parameter when given, otherwise the first execution's
 * start, kept in the job execution context under {@value BatchNames#AS_OF} so that a restart reuses it.
 */
public class AsOfListener implements JobExecutionListener {

    private final Clock clock;

    public AsOfListener(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext context = jobExecution.getExecutionContext();
        String given = jobExecution.getJobParameters().getString(BatchNames.AS_OF);
        if (given != null) {
            context.putString(BatchNames.AS_OF, given);
        } else if (!context.containsKey(BatchNames.AS_OF)) {
            context.putString(BatchNames.AS_OF, clock.instant().toString());
        }
    }
}
