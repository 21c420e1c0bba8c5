package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.job.BatchNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run report: after every {@code run}, {@code restart} and {@code reprocess} execution, a JSON
 * document of its {@link RunResult} (see the README for its fields, which are stable). It also keeps the
 * exit code in the execution's context for {@code history}. It counts nothing itself, and never holds a
 * connection string or a message.
 */
public class RunReports {

    /** The version of the report's shape; grows only when a field changes meaning or goes away. */
    public static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobRepository jobRepository;
    private final ReportProperties properties;

    public RunReports(JobRepository jobRepository, ReportProperties properties) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * Keeps the exit code with the execution and writes the report of its result; a report that cannot
     * be written is a warning, never a change of the exit code.
     */
    public void write(JobExecution execution, RunResult result, int exitCode, PrintStream out, PrintStream err) {
        execution.getExecutionContext().putInt(ExecutionOutcome.EXIT_CODE, exitCode);
        jobRepository.updateExecutionContext(execution);
        Path target = properties.target(execution.getId());
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.writeString(
                    target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report(result, exitCode)) + "\n");
            out.println("Report: " + target);
        } catch (IOException | RuntimeException e) {
            err.println("warning: cannot write the run report " + target + ": " + e.getMessage());
        }
    }

    /** The report of a result whose command ended with {@code exitCode}. */
    public static ObjectNode report(RunResult result, int exitCode) {
        RunResult.Execution execution = result.execution();
        ObjectNode report = JSON.createObjectNode();
        report.put("reportVersion", VERSION);
        report.put("executionId", execution.id());
        report.put("jobInstanceId", execution.jobInstanceId());
        report.put("job", execution.job());
        ObjectNode parameters = report.putObject("parameters");
        execution.parameters().forEach(parameters::put);
        report.put("status", execution.status().name());
        report.put("exitStatus", execution.exitStatus());
        report.put("exitCode", exitCode);
        times(report, execution.times());
        ObjectNode messages = report.putObject("messages");
        messages.put("delivered", result.messages().delivered());
        messages.put("failed", result.messages().failed());
        ArrayNode steps = report.putArray("steps");
        result.steps().forEach(step -> steps.add(step(result, step)));
        if (!result.partitions().isEmpty()) {
            ArrayNode array = report.putArray("partitions");
            result.partitions().forEach(partition -> array.add(partition(partition)));
        }
        ArrayNode reasons = report.putArray("topFailureReasons");
        for (FailedSendRepository.ReasonCount reason : result.topFailureReasons()) {
            ObjectNode node = reasons.addObject();
            node.put("status", reason.status());
            node.put("errorCode", reason.errorCode());
            node.put("reason", reason.reason());
            node.put("count", reason.count());
        }
        return report;
    }

    private static ObjectNode step(RunResult result, RunResult.Step step) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", step.name());
        node.put("status", step.status().name());
        times(node, step.times());
        RunResult.StepCounts counts = step.counts();
        node.put("readCount", counts.read());
        node.put("writeCount", counts.write());
        node.put("filterCount", counts.filter());
        node.put("readSkipCount", counts.readSkip());
        node.put("processSkipCount", counts.processSkip());
        node.put("writeSkipCount", counts.writeSkip());
        node.put("skipCount", counts.skip());
        node.put("commitCount", counts.commit());
        node.put("rollbackCount", counts.rollback());
        if (step.name().equals(BatchNames.INGEST_STEP)) {
            inputs(node, result);
        }
        if (step.figures() instanceof RunResult.Targets targets) {
            node.put("usersTargeted", targets.users());
        } else if (step.figures() instanceof RunResult.Dispatch dispatch) {
            node.put("messagesDelivered", dispatch.delivered());
            node.put("messagesFailed", dispatch.failed());
            node.put("messagesPlanned", dispatch.planned());
            attempts(node, dispatch.attempts());
            ObjectNode withheld = node.putObject("usersWithheld");
            withheld.put("holdout", dispatch.holdout());
            withheld.put("suppressed", dispatch.suppressed());
            withheld.put("noConsent", dispatch.noConsent());
            rate(node, step.times(), dispatch.delivered() + dispatch.failed() + dispatch.planned());
        } else if (step.figures() instanceof RunResult.Reprocess reprocess) {
            node.put("messagesDelivered", reprocess.delivered());
            node.put("messagesFailed", reprocess.failed());
            node.put("messagesExpired", reprocess.expired());
            node.put("messagesWithheld", reprocess.withheld());
            attempts(node, reprocess.attempts());
            rate(node, step.times(), reprocess.delivered() + reprocess.failed());
        }
        return node;
    }

    /** A partition of the dispatch step (its latest execution): who ran it, how it ended, what it sent. */
    private static ObjectNode partition(RunResult.Partition partition) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", partition.name());
        node.put("status", partition.status().name());
        node.put("worker", partition.worker());
        node.put("jobExecutionId", partition.jobExecutionId());
        times(node, partition.times());
        node.put("users", partition.users());
        node.put("messagesDelivered", partition.delivered());
        node.put("messagesFailed", partition.failed());
        node.put("commitCount", partition.commits());
        return node;
    }

    private static void inputs(ObjectNode node, RunResult result) {
        ArrayNode array = node.putArray("inputs");
        for (RunResult.Input input : result.inputs()) {
            ObjectNode entry = array.addObject();
            entry.put("input", input.input());
            entry.put("files", input.files());
            entry.put("filesAlreadyIngested", input.filesAlreadyIngested());
            entry.put("rowsRead", input.rowsRead());
            entry.put("rowsSkipped", input.rowsSkipped());
            ObjectNode byReason = entry.putObject("rowsSkippedByReason");
            input.rowsSkippedByReason().forEach(byReason::put);
            entry.put("membershipsChanged", input.membershipsChanged());
        }
    }

    private static void attempts(ObjectNode node, RunResult.Attempts attempts) {
        ObjectNode counts = node.putObject("attempts");
        counts.put("total", attempts.total());
        attempts.byOutcome().forEach((outcome, count) -> counts.put(outcome.label(), count));
    }

    private static void rate(ObjectNode node, RunResult.Times times, long messages) {
        double seconds = times.seconds();
        node.put("messagesPerSecond", seconds > 0 ? Math.round(messages / seconds * 10) / 10.0 : 0.0);
    }

    private static void times(ObjectNode node, RunResult.Times times) {
        Instant start = times.start();
        Instant end = times.end();
        node.put("startTime", start == null ? null : start.toString());
        node.put("endTime", end == null ? null : end.toString());
        Duration took = times.duration();
        if (took == null) {
            node.putNull("durationSeconds");
        } else {
            node.put("durationSeconds", took.toMillis() / 1000.0);
        }
    }
}
