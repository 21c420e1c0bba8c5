package io.signalranon.dispatcher.cli;

import io.signalranon.client.InvalidConnectionStringException;
import io.signalranon.dispatcher.delivery.SignalRConnection;
import io.signalranon.dispatcher.ingest.InputFile;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.offer.Catalog;
import io.signalranon.dispatcher.offer.CatalogException;
import io.signalranon.dispatcher.operate.Forget;
import io.signalranon.dispatcher.operate.ForgetFiles;
import io.signalranon.dispatcher.privacy.ForgetKeyException;
import io.signalranon.dispatcher.report.RunReports;
import io.signalranon.dispatcher.report.RunResult;
import io.signalranon.dispatcher.report.RunResults;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;

/**
 * {@code run}: builds the job parameters, resumes a run left behind by a killed process, launches the
 * {@code dispatch} job through the {@link JobOperator} and maps the outcome to an {@link ExitCode}.
 * The caller holds the run lock, so an execution still marked running was left by a process that died.
 */
public class RunCommand {

    private static final JobOutcome.Wording WORDING = new JobOutcome.Wording(
            "warning: some sends failed; they are recorded: 'failures' lists them, 'reprocess' sends them again",
            execution -> "warning: the run was stopped after its last commit; run the same command again (or"
                    + " 'restart " + execution + "') to resume it",
            reason -> "error: the run failed: " + reason + "; run the same command again to resume it");
    private static final String INPUT_LEFT_TO_NEXT_RUN =
            "nothing of this run counts as ingested: fix or replace the file, then run again";

    private final ForgetFiles forgetFiles;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job dispatchJob;
    private final RunResults results;
    private final SignalRConnection connection;
    private final Clock clock;
    private final RunReports reports;

    public RunCommand(
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job dispatchJob,
            RunResults results,
            SignalRConnection connection,
            Clock clock,
            RunReports reports,
            ForgetFiles forgetFiles) {
        this.forgetFiles = forgetFiles;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.dispatchJob = dispatchJob;
        this.results = results;
        this.connection = connection;
        this.clock = clock;
        this.reports = reports;
    }

    /** Why a run that would send has nowhere to send to. */
    static final String NO_CONNECTION_STRING = "no SignalR connection string: set SIGNALR_CONNECTION_STRING,"
            + " AzureSignalRConnectionString or dispatcher.signalr.connection-string (or give --emulator to send to"
            + " an in-process emulator)";

    public ExitCode run(RunOptions options, PrintStream out, PrintStream err) {
        if (options.forget() != null) {
            try {
                forget(options.forget(), options.dryRun(), out);
            } catch (InputFileException | ForgetKeyException e) {
                err.println("error: --forget " + e.getMessage() + "; nothing was done");
                return ExitCode.INVALID;
            }
        }
        JobParameters parameters;
        List<InputFile> files;
        try {
            InputFile.Resolution resolution = InputFile.resolve(options.inputs());
            files = resolution.files();
            resolution.notes().forEach(note -> (note.startsWith("warning:") ? err : out).println(note));
            parameters = RunParameters.of(options, clock.instant());
            if (options.offers() != null) {
                Catalog.load(options.offers());
            }
            if (!options.dryRun()) {
                connection.validate();
                if (options.offers() != null && !options.emulator() && !connection.configured()) {
                    throw new UsageException(NO_CONNECTION_STRING);
                }
            }
        } catch (UsageException | InputFileException | CatalogException | InvalidConnectionStringException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID;
        }
        if (noExportFilesYet(options, files, out)) {
            out.println("Nothing to do: no export files yet");
            return ExitCode.COMPLETED;
        }
        JobInstance instance = jobRepository.getJobInstance(BatchNames.DISPATCH_JOB, parameters);
        if (instance != null) {
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                out.println(
                        "Nothing to do: the same run (same options and files) completed as execution " + last.getId());
                return ExitCode.COMPLETED;
            }
            if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
                err.println("error: the same run (same options and files) failed on its input as execution "
                        + last.getId() + "; " + INPUT_LEFT_TO_NEXT_RUN);
                return ExitCode.INVALID;
            }
            if (last != null && last.isRunning()) {
                jobOperator.recover(last);
            }
            if (last != null) {
                out.println("Resuming the interrupted run (execution " + last.getId() + ") after its last commit");
            }
        }
        if (options.offers() == null) {
            out.println("No --offers given: the run ingests the exports and sends nothing");
        }
        JobExecution execution;
        try {
            execution = jobOperator.start(dispatchJob, parameters);
        } catch (JobExecutionAlreadyRunningException e) {
            err.println("error: another run holds the job");
            return ExitCode.ALREADY_RUNNING;
        } catch (JobInstanceAlreadyCompleteException e) {
            out.println("Nothing to do: the same run (same options and files) completed before");
            return ExitCode.COMPLETED;
        } catch (JobRestartException | InvalidJobParametersException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID;
        }
        return outcome(execution, out, err);
    }

    /** Applies the forget lists not applied before (in a dry run: counts them), before the run decides anything. */
    private void forget(String pattern, boolean dryRun, PrintStream out) {
        ForgetFiles.Applied applied = forgetFiles.apply(pattern, dryRun);
        Forget.Outcome outcome = applied.outcome();
        out.printf(
                Locale.ROOT,
                "Forget lists (--forget=%s): %d %s, %d applied before; %s%n",
                pattern,
                applied.files(),
                dryRun ? "not applied (dry run: the real run forgets first)" : "applied",
                applied.alreadyApplied(),
                applied.files() == 0
                        ? "nothing to forget"
                        : ForgetCommand.visitors(outcome.visitors()) + (dryRun ? " would be" : "") + " forgotten");
        if (outcome.visitors() > 0) {
            ForgetCommand.print(outcome, out);
        }
    }

    /**
     * Says which inputs have no file yet; true when none has any and the run would change nothing (no
     * {@code --all}): a directory the CDP has not delivered to yet is not an error.
     */
    private static boolean noExportFilesYet(RunOptions options, List<InputFile> files, PrintStream out) {
        for (int input : InputFile.emptyInputs(options.inputs(), files)) {
            out.println("No export files yet: --input=" + options.inputs().get(input));
        }
        return !options.inputs().isEmpty() && files.isEmpty() && !options.all();
    }

    /**
     * Prints what an execution of the dispatch job did, maps its status to an exit code and writes the run
     * report: the summary and the report show the one result computed here.
     */
    ExitCode outcome(JobExecution execution, PrintStream out, PrintStream err) {
        RunResult result = results.of(execution);
        ExitCode code = exitCode(execution, result, out, err);
        reports.write(execution, result, code.code(), out, err);
        return code;
    }

    private ExitCode exitCode(JobExecution execution, RunResult result, PrintStream out, PrintStream err) {
        RunSummary.printRun(result, out);
        connection
                .emulatorAccepted()
                .ifPresent(accepted ->
                        out.printf(Locale.ROOT, "  the in-process SignalR emulator accepted %d messages%n", accepted));
        if (execution.getStatus() != BatchStatus.COMPLETED && execution.getStatus() != BatchStatus.STOPPED) {
            for (Throwable failure : execution.getAllFailureExceptions()) {
                ForgetKeyException key = JobOutcome.find(failure, ForgetKeyException.class);
                if (key != null) {
                    err.println("error: " + key.getMessage());
                    return ExitCode.INVALID;
                }
                InputFileException unreadable = JobOutcome.find(failure, InputFileException.class);
                if (unreadable != null) {
                    err.println("error: " + unreadable.getMessage() + "; " + INPUT_LEFT_TO_NEXT_RUN);
                    return ExitCode.INVALID;
                }
                if (JobOutcome.find(failure, SkipLimitExceededException.class) != null) {
                    err.println("error: too many malformed rows (more than the skip limit); they are listed in"
                            + " SKIPPED_ROW; " + INPUT_LEFT_TO_NEXT_RUN);
                    return ExitCode.INVALID;
                }
            }
        }
        boolean failedSends =
                result.dispatch().map(dispatch -> dispatch.failed() > 0).orElse(false);
        return JobOutcome.exitCode(execution, failedSends, WORDING, err);
    }
}
