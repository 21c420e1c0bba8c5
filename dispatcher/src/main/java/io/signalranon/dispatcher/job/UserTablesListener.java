package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.target.UserTablesLoader;
import io.signalranon.dispatcher.target.UsersReport;
import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Loads users.csv and the suppression list named by the job parameters before each execution, and keeps what
 * users.csv held in the execution's context for the summary.
 */
public class UserTablesListener implements JobExecutionListener {

    /** Job parameter: path of the suppression list, absent when the run has none. */
    private final UserTablesLoader loader;

    public UserTablesListener(UserTablesLoader loader) {
        this.loader = loader;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        JobParameters parameters = jobExecution.getJobParameters();
        UsersReport users = loader.load(
                path(parameters.getString(BatchNames.USERS)),
                path(parameters.getString(BatchNames.SUPPRESS)),
                jobExecution.getId());
        if (users != null) {
            users.saveTo(jobExecution.getExecutionContext());
        }
    }

    private static Path path(String value) {
        return value == null || value.isEmpty() ? null : Path.of(value);
    }
}
