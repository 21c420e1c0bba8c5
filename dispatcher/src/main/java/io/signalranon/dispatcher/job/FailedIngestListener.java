package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.ingest.IngestedFileRepository;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.membership.MembershipStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file is ingested whole or not at all. When a run fails on its input (a file that cannot be read to its
 * end, or more malformed rows than the skip limit), its membership changes are handed over to the next run
 * and the files it recorded are forgotten, and the execution is abandoned (not restartable): after the file
 * is fixed, the next run reads everything again and targets exactly what an uninterrupted run would.
 */
public class FailedIngestListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(FailedIngestListener.class);

    private final MembershipStore store;
    private final IngestedFileRepository registry;
    private final TransactionTemplate transaction;

    public FailedIngestListener(
            MembershipStore store, IngestedFileRepository registry, TransactionTemplate transaction) {
        this.store = store;
        this.registry = registry;
        this.transaction = transaction;
    }

    /** True when the execution failed on its input: an unreadable file or too many malformed rows. */
    public static boolean failedOnInput(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().anyMatch(FailedIngestListener::isInputFailure);
    }

    private static boolean isInputFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InputFileException || t instanceof SkipLimitExceededException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        if (jobExecution.getStatus() != BatchStatus.FAILED || !failedOnInput(jobExecution)) {
            return;
        }
        long instanceId = jobExecution.getJobInstance().getId();
        transaction.executeWithoutResult(status -> {
            int released = store.release(instanceId);
            int files = registry.forget(instanceId);
            log.info(
                    "The run failed on its input: {} membership changes and {} ingested files of it are left to the"
                            + " next run",
                    released,
                    files);
        });
        jobExecution.setStatus(BatchStatus.ABANDONED);
    }
}
