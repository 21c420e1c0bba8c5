package io.signalranon.dispatcher.operate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Stops the jobs gracefully on SIGTERM (or Ctrl-C): a JVM shutdown hook marks this process's running
 * executions STOPPING in the job repository, the signal that {@code JobOperator.stop} gives; each step
 * checks it at its next chunk boundary and ends as STOPPED (restartable). ({@code JobOperator.stop}
 * itself is not called: from another thread of the same JVM it also releases the running step's
 * context, which closes its step-scoped reader and writer in the middle of the step.) It waits, at most {@code timeout}, for the command to finish and report its exit code,
 * then ends the process with that code. Spring Boot's own shutdown hook must be off, so that the
 * application context stays open while the running chunk commits.
 */
public final class GracefulStop {

    /** Exit code when the command did not finish within the timeout (the job can be restarted). */
    public static final int TIMED_OUT = 4;

    private final JobRepository jobRepository;
    private final List<String> jobNames;
    private final Duration timeout;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "graceful-stop");
    private volatile boolean requested;
    private volatile int exitCode;
    private volatile Runnable stopAction = this::stopRunningExecutions;

    public GracefulStop(JobRepository jobRepository, List<String> jobNames, Duration timeout, PrintStream err) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.jobNames = List.copyOf(jobNames);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** Installs the shutdown hook; call once, before the command launches a job. */
    public GracefulStop install() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /**
     * On SIGTERM, runs {@code action} instead of marking this process's running executions STOPPING: for a
     * process that runs parts of executions that other processes launched (a worker), which must not stop
     * theirs. The action may be run more than once.
     */
    public GracefulStop instead(Runnable action) {
        this.stopAction = Objects.requireNonNull(action, "action");
        return this;
    }

    /** Whether a stop was requested (the process received SIGTERM). */
    public boolean requested() {
        return requested;
    }

    /**
     * The command is done: removes the hook, or, when a stop is under way, hands it the exit code.
     *
     * @return the exit code to end the process with
     */
    public int finished(int code) {
        exitCode = code;
        finished.countDown();
        if (!requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook has started: it ends the process with this code
            }
        }
        return code;
    }

    private void stop() {
        requested = true;
        boolean done = false;
        try {
            err.println("Stop requested: stopping after the chunk in progress commits (at most " + timeout.toSeconds()
                    + " s)");
            err.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                stopAction.run();
            } while (!finished.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
            done = finished.getCount() == 0;
            if (!done) {
                err.println("error: the job did not stop within " + timeout.toSeconds()
                        + " s; the next run or 'restart' recovers it and resumes after its last commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.out.flush();
            err.flush();
            Runtime.getRuntime().halt(done ? exitCode : TIMED_OUT);
        }
    }

    private void stopRunningExecutions() {
        for (String name : jobNames) {
            if (finished.getCount() == 0) {
                return;
            }
            try {
                for (JobExecution execution : jobRepository.findRunningJobExecutions(name)) {
                    if (execution.getStatus() == BatchStatus.STARTED || execution.getStatus() == BatchStatus.STARTING) {
                        execution.setStatus(BatchStatus.STOPPING);
                        jobRepository.update(execution);
                    }
                }
            } catch (RuntimeException e) {
                // it ended meanwhile, or the command finished and closed the database: nothing left to stop
            }
        }
    }
}
