package io.signalranon.dispatcher.job;

import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Puts the job execution id in the logging context ({@link MDC} key {@value #EXECUTION_ID}) while a job
 * runs, so that every line the job logs carries it: the console shows {@code [execution N]}, and
 * structured logs ({@code logging.structured.format.console=ecs|logstash}) have it as a field. Jobs run
 * on the thread that launches them, so the first job listener sets it for the whole execution.
 */
public class ExecutionIdLogging implements JobExecutionListener {

    /** The MDC key of the job execution id. */
    public static final String EXECUTION_ID = "execution.id";

    @Override
    public void beforeJob(JobExecution jobExecution) {
        MDC.put(EXECUTION_ID, Long.toString(jobExecution.getId()));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        MDC.remove(EXECUTION_ID);
    }
}
