package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.ReprocessParameters;
import io.signalranon.dispatcher.report.RunReports;
import io.signalranon.dispatcher.report.RunResult;
import io.signalranon.dispatcher.report.RunResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * {@code reprocess}: resumes the latest reprocess run of the same scope when it did not complete, or
 * starts a new one over the failed sends still unresolved, and maps the outcome to an exit code as
 * {@code run} does (0 all resolved, 3 some still failed, 4 failed and restartable).
 */
public class ReprocessCommand {

    private static final JobOutcome.Wording WORDING = new JobOutcome.Wording(
            "warning: some failed sends are still unresolved; 'failures' lists them",
            execution -> "error: the reprocess did not complete (stopped); run 'reprocess' again to resume it",
            reason -> "error: the reprocess did not complete (" + reason + "); run 'reprocess' again to resume it");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job reprocessJob;
    private final FailedSendRepository rows;
    private final RunResults results;
    private final RunReports reports;

    public ReprocessCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job reprocessJob,
            FailedSendRepository rows,
            RunResults results,
            RunReports reports) {
        this.jobOperator = Objects.requireNonNull(jobOperator, "jobOperator");
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.reprocessJob = Objects.requireNonNull(reprocessJob, "reprocessJob");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.results = Objects.requireNonNull(results, "results");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /** @param scope only the failed sends recorded by this dispatch execution, or null for all */
    public ExitCode run(@Nullable Long scope, PrintStream out, PrintStream err) throws Exception {
        return run(scope, null, null, out, err);
    }

    /**
     * @param scope only the failed sends recorded by this dispatch execution, or null for all
     * @param users users.csv to check consent against, or null for that of the run that recorded the failures
     * @param suppress the suppression list to check, or null for that of the run that recorded the failures
     */
    public ExitCode run(
            @Nullable Long scope, @Nullable Path users, @Nullable Path suppress, PrintStream out, PrintStream err)
            throws Exception {
        if (scope != null && Executions.find(jobRepository, scope) == null) {
            err.println("error: no job execution " + scope);
            return ExitCode.INVALID;
        }
        JobInstance lastInstance = jobRepository.getLastJobInstance(BatchNames.REPROCESS_JOB);
        JobExecution last = lastInstance == null ? null : jobRepository.getLastJobExecution(lastInstance);
        JobParameters parameters;
        if (last != null && last.getStatus() != BatchStatus.COMPLETED && ReprocessParameters.sameScope(last, scope)) {
            out.println("Resuming the interrupted reprocess (execution " + last.getId() + ") after its last commit");
            parameters = last.getJobParameters();
        } else {
            long maxId = rows.maxId();
            if (rows.countUnresolved(scope, maxId) == 0) {
                out.println("Nothing to reprocess: no unresolved failed sends"
                        + (scope == null ? "" : " of execution " + scope));
                return ExitCode.COMPLETED;
            }
            parameters = ReprocessParameters.of(
                    scope, last == null ? 1 : ReprocessParameters.run(last) + 1, maxId, users, suppress);
        }
        return outcome(jobOperator.start(reprocessJob, parameters), out, err);
    }

    /**
     * Prints what a reprocess execution did, maps its status to an exit code and writes the run report:
     * the summary and the report show the one result computed here.
     */
    ExitCode outcome(JobExecution execution, PrintStream out, PrintStream err) {
        RunResult result = results.of(execution);
        RunSummary.printReprocess(result, out);
        Long unresolved = result.unresolved();
        boolean stillFailed = unresolved != null && unresolved > 0;
        ExitCode code = JobOutcome.exitCode(execution, stillFailed, WORDING, err);
        reports.write(execution, result, code.code(), out, err);
        return code;
    }
}
