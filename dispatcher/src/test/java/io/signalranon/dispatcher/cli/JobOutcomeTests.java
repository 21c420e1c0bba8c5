package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.delivery.SystemicDeliveryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class JobOutcomeTests {

    private static final JobOutcome.Wording WORDING = new JobOutcome.Wording(
            "warning: failed sends", execution -> "warning: stopped " + execution, reason -> "error: " + reason);

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aCompletedExecutionIs0Or3ByItsFailedSends() {
        // when / then
        assertThat(exitCode(execution(BatchStatus.COMPLETED, null), false)).isEqualTo(ExitCode.COMPLETED);
        assertThat(errors()).isEmpty();
        assertThat(exitCode(execution(BatchStatus.COMPLETED, null), true)).isEqualTo(ExitCode.SEND_FAILURES);
        assertThat(errors()).isEqualTo("warning: failed sends\n");
    }

    @Test
    void aStoppedExecutionIsRestartable() {
        // when / then
        assertThat(exitCode(execution(BatchStatus.STOPPED, null), false)).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(errors()).isEqualTo("warning: stopped 7\n");
    }

    @Test
    void anExpectedFailureIsOneLineWithoutAStackTrace(CapturedOutput output) {
        // given
        JobExecution execution = execution(
                BatchStatus.FAILED,
                new IllegalStateException(
                        "wrapped", new SystemicDeliveryException("the service refused the key", 401)));

        // when
        ExitCode code = exitCode(execution, false);

        // then
        assertThat(code).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(errors()).isEqualTo("error: the service refused the key\n");
        assertThat(output.getAll()).doesNotContain("failed unexpectedly").doesNotContain("\tat ");
    }

    @Test
    void anExpectedFailureSuppressedByAFailedCloseIsTheOneLine(CapturedOutput output) {
        // given: a stream that failed to open, then to close
        IllegalStateException close = new IllegalStateException("Failed to close 1 delegate(s) due to exceptions");
        close.addSuppressed(new SystemicDeliveryException("cannot get an Entra ID token from the identity", 0));
        JobExecution execution = execution(BatchStatus.FAILED, close);

        // when
        ExitCode code = exitCode(execution, false);

        // then
        assertThat(code).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(errors()).isEqualTo("error: cannot get an Entra ID token from the identity\n");
        assertThat(output.getAll()).doesNotContain("failed unexpectedly");
    }

    @Test
    void anUnexpectedFailureIsLoggedOnceWithItsStackTrace(CapturedOutput output) {
        // given
        JobExecution execution = execution(BatchStatus.FAILED, new NullPointerException("a bug"));

        // when
        ExitCode code = exitCode(execution, false);

        // then
        assertThat(code).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(errors()).isEqualTo("error: a bug\n");
        assertThat(output.getAll())
                .containsOnlyOnce("Execution 7 failed unexpectedly")
                .contains("java.lang.NullPointerException: a bug", "\tat ");
    }

    private ExitCode exitCode(JobExecution execution, boolean sendFailures) {
        err.reset();
        return JobOutcome.exitCode(
                execution, sendFailures, WORDING, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JobExecution execution(BatchStatus status, Throwable failure) {
        JobExecution execution = new JobExecution(7L, new JobInstance(1L, "dispatch"), new JobParameters());
        execution.setStatus(status);
        if (failure != null) {
            execution.addFailureException(failure);
        }
        return execution;
    }
}
