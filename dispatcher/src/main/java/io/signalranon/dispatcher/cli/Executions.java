package io.signalranon.dispatcher.cli;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/** Looks up job executions by id. */
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
}
