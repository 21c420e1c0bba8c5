package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.membership.MembershipStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dry run changes nothing: when its execution ends, however it ends, the membership rows it changed are
 * put back as they were, so that the real run after it finds the same changes and sends what it reported.
 * (It records no ingested file and no delivery, and its run key differs from the real run's.)
 */
public class DryRunListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DryRunListener.class);

    private final MembershipStore store;
    private final TransactionTemplate transaction;

    public DryRunListener(MembershipStore store, TransactionTemplate transaction) {
        this.store = store;
        this.transaction = transaction;
    }

    /** True when the step runs in a dry run. */
    public static boolean isDryRun(StepExecution stepExecution) {
        return isDryRun(stepExecution.getJobExecution());
    }

    private static boolean isDryRun(JobExecution execution) {
        return Boolean.parseBoolean(execution.getJobParameters().getString(BatchNames.DRY_RUN));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        if (isDryRun(jobExecution)) {
            long instanceId = jobExecution.getJobInstance().getId();
            jobExecution
                    .getExecutionContext()
                    .putLong(BatchNames.DRY_RUN_CHANGED_IDS, store.countChangedIds(instanceId));
            Integer restored = transaction.execute(status -> store.undo(instanceId));
            log.info("Dry run: {} membership rows put back as they were; nothing else was stored", restored);
        }
    }
}
