package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.target.UserTablesLoader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Loads users.csv and the suppression list before each execution (for {@code run}: those its job parameters
 * name), and keeps what they held in the execution's context for the summary.
 */
public class UserTablesListener implements JobExecutionListener {

    /**
     * The files an execution loads.
     *
     * @param users users.csv, or null
     * @param suppress the suppression list, or null
     */
    public record UserFiles(@Nullable Path users, @Nullable Path suppress) {

        /** The files that job parameters name. */
        public static UserFiles of(JobParameters parameters) {
            return new UserFiles(
                    path(parameters.getString(BatchNames.USERS)), path(parameters.getString(BatchNames.SUPPRESS)));
        }

        private static @Nullable Path path(@Nullable String value) {
            return value == null || value.isEmpty() ? null : Path.of(value);
        }
    }

    private final UserTablesLoader loader;
    private final Function<JobExecution, UserFiles> files;

    /** Loads the files the execution's job parameters name. */
    public UserTablesListener(UserTablesLoader loader) {
        this(loader, execution -> UserFiles.of(execution.getJobParameters()));
    }

    /** @param files which files an execution loads */
    public UserTablesListener(UserTablesLoader loader, Function<JobExecution, UserFiles> files) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        UserFiles given = files.apply(jobExecution);
        loader.load(given.users(), given.suppress(), jobExecution.getId()).saveTo(jobExecution.getExecutionContext());
    }
}
