package io.signalranon.dispatcher.cli;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/** Looks up job executions by id, and the executions of a run that came before one. */
final class Executions {

    private Executions() {}

    /** The execution with this id, or null when there is none. */
    static @Nullable JobExecution find(JobRepository repository, long id) {
        try {
            return repository.getJobExecution(id);
        } catch (EmptyResultDataAccessException e) {
            return null;
        }
    }

    /** The executions of the same job instance before this one, oldest first (empty unless it was restarted). */
    static List<JobExecution> earlier(JobRepository repository, JobExecution execution) {
        return repository.getJobExecutions(execution.getJobInstance()).stream()
                .filter(other -> other.getId() < execution.getId())
                .sorted(Comparator.comparingLong(JobExecution::getId))
                .toList();
    }
}
