package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.DeliveryCounters;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.IngestTally;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.DeliveryConfiguration;
import io.signalranon.dispatcher.job.DispatchPartitions;
import io.signalranon.dispatcher.job.ReprocessParameters;
import io.signalranon.dispatcher.reprocess.ReprocessCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run report: after every {@code run}, {@code restart} and {@code reprocess} execution, a JSON
 * document of what it did (see the README for its fields, which are stable). It also keeps the exit
 * code in the execution's context for {@code history}. Reads the job repository, the step execution
 * contexts, FAILED_SEND and SKIPPED_ROW; never a connection string or a message.
 */
public class RunReports {

    /** The version of the report's shape; grows only when a field changes meaning or goes away. */
    public static final int VERSION = 1;

    private static final int TOP_REASONS = 5;
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(connection|secret|password|access.?key|token).*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobRepository jobRepository;
    private final FailedSendRepository failedSends;
    private final SkippedRowRepository skippedRows;
    private final ReportProperties properties;

    public RunReports(
            JobRepository jobRepository,
            FailedSendRepository failedSends,
            SkippedRowRepository skippedRows,
            ReportProperties properties) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.skippedRows = Objects.requireNonNull(skippedRows, "skippedRows");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * Keeps the exit code with the execution and writes its report; a report that cannot be written is
     * a warning, never a change of the exit code.
     */
    public void write(JobExecution execution, int exitCode, PrintStream out, PrintStream err) {
        execution.getExecutionContext().putInt(ExecutionOutcome.EXIT_CODE, exitCode);
        jobRepository.updateExecutionContext(execution);
        Path target = properties.target(execution.getId());
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.writeString(
                    target,
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report(execution, exitCode)) + "\n");
            out.println("Report: " + target);
        } catch (IOException | RuntimeException e) {
            err.println("warning: cannot write the run report " + target + ": " + e.getMessage());
        }
    }

    /** The report of an execution whose command ended with {@code exitCode}. */
    public ObjectNode report(JobExecution execution, int exitCode) {
        ObjectNode report = JSON.createObjectNode();
        report.put("reportVersion", VERSION);
        report.put("executionId", execution.getId());
        report.put("jobInstanceId", execution.getJobInstance().getId());
        report.put("job", execution.getJobInstance().getJobName());
        ObjectNode parameters = report.putObject("parameters");
        execution.getJobParameters().parameters().stream()
                .sorted(Comparator.comparing(parameter -> parameter.name()))
                .forEach(parameter -> {
                    String value = String.valueOf(parameter.value());
                    if (!SECRET_NAME.matcher(parameter.name()).matches() && !value.contains("AccessKey=")) {
                        parameters.put(parameter.name(), value);
                    }
                });
        report.put("status", execution.getStatus().name());
        report.put("exitStatus", execution.getExitStatus().getExitCode());
        report.put("exitCode", exitCode);
        times(report, execution.getStartTime(), execution.getEndTime());
        ObjectNode messages = report.putObject("messages");
        ExecutionOutcome.Messages totals = ExecutionOutcome.messages(execution);
        messages.put("delivered", totals.delivered());
        messages.put("failed", totals.failed());
        ArrayNode steps = report.putArray("steps");
        for (StepExecution step : execution.getStepExecutions()) {
            if (!DispatchPartitions.isPartition(step)) {
                steps.add(step(execution, step));
            }
        }
        List<StepExecution> partitions = DispatchPartitions.latest(jobRepository, execution.getJobInstance());
        if (!partitions.isEmpty()) {
            ArrayNode array = report.putArray("partitions");
            partitions.forEach(partition -> array.add(partition(partition)));
        }
        ArrayNode reasons = report.putArray("topFailureReasons");
        for (FailedSendRepository.ReasonCount reason : topReasons(execution)) {
            ObjectNode node = reasons.addObject();
            node.put("status", reason.status());
            node.put("errorCode", reason.errorCode());
            node.put("reason", reason.reason());
            node.put("count", reason.count());
        }
        return report;
    }

    private List<FailedSendRepository.ReasonCount> topReasons(JobExecution execution) {
        if (execution.getJobInstance().getJobName().equals(BatchNames.REPROCESS_JOB)) {
            Long scope =
                    ReprocessParameters.execution(execution.getJobParameters().getString(BatchNames.REPROCESS_SCOPE));
            return failedSends.topReasons(null, scope, ReprocessParameters.maxId(execution), TOP_REASONS);
        }
        return failedSends.topReasons(execution.getJobInstance().getId(), null, 0, TOP_REASONS);
    }

    private ObjectNode step(JobExecution execution, StepExecution step) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", step.getStepName());
        node.put("status", step.getStatus().name());
        times(node, step.getStartTime(), step.getEndTime());
        node.put("readCount", step.getReadCount());
        node.put("writeCount", step.getWriteCount());
        node.put("filterCount", step.getFilterCount());
        node.put("readSkipCount", step.getReadSkipCount());
        node.put("processSkipCount", step.getProcessSkipCount());
        node.put("writeSkipCount", step.getWriteSkipCount());
        node.put("skipCount", step.getSkipCount());
        node.put("commitCount", step.getCommitCount());
        node.put("rollbackCount", step.getRollbackCount());
        var context = step.getExecutionContext();
        switch (step.getStepName()) {
            case BatchNames.INGEST_STEP -> inputs(node, execution, new IngestTally(context));
            case BatchNames.TARGETS_STEP ->
                node.put("usersTargeted", context.getLong(DeliveryConfiguration.TARGETED, 0));
            case BatchNames.DISPATCH_STEP -> {
                DeliveryCounters counters = DeliveryCounters.from(context);
                node.put("messagesDelivered", counters.delivered());
                node.put("messagesFailed", counters.failed());
                node.put("messagesPlanned", counters.planned());
                attempts(node, context);
                ObjectNode withheld = node.putObject("usersWithheld");
                withheld.put("holdout", counters.holdout());
                withheld.put("suppressed", counters.suppressed());
                withheld.put("noConsent", counters.noConsent());
                rate(node, step, counters.delivered() + counters.failed() + counters.planned());
            }
            case BatchNames.REPROCESS_STEP -> {
                ReprocessCounters counters = ReprocessCounters.from(context);
                node.put("messagesDelivered", counters.delivered());
                node.put("messagesFailed", counters.failed());
                node.put("messagesExpired", counters.expired());
                node.put("messagesWithheld", counters.withheld());
                attempts(node, context);
                rate(node, step, counters.delivered() + counters.failed());
            }
            default -> {}
        }
        return node;
    }

    /** A partition of the dispatch step (its latest execution): who ran it, how it ended, what it sent. */
    private static ObjectNode partition(StepExecution partition) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", DispatchPartitions.name(partition));
        node.put("status", partition.getStatus().name());
        node.put("worker", DispatchPartitions.worker(partition));
        node.put("jobExecutionId", partition.getJobExecutionId());
        times(node, partition.getStartTime(), partition.getEndTime());
        DeliveryCounters counters = DeliveryCounters.from(partition.getExecutionContext());
        node.put("users", counters.users());
        node.put("messagesDelivered", counters.delivered());
        node.put("messagesFailed", counters.failed());
        node.put("commitCount", partition.getCommitCount());
        return node;
    }

    private void inputs(ObjectNode node, JobExecution execution, IngestTally tally) {
        String inputs = execution.getJobParameters().getString(BatchNames.INPUTS, "");
        List<String> specs = inputs == null || inputs.isBlank() ? List.of() : List.of(inputs.split("\n"));
        Map<Integer, Map<String, Long>> skips =
                skippedRows.countByInputAndReason(execution.getJobInstance().getId());
        ArrayNode array = node.putArray("inputs");
        for (int i = 0; i < specs.size(); i++) {
            ObjectNode input = array.addObject();
            input.put("input", specs.get(i));
            input.put("files", tally.get(i, IngestTally.FILES));
            input.put("filesAlreadyIngested", tally.get(i, IngestTally.UNCHANGED));
            input.put("rowsRead", tally.get(i, IngestTally.READ));
            Map<String, Long> reasons = skips.getOrDefault(i, Map.of());
            input.put(
                    "rowsSkipped",
                    reasons.values().stream().mapToLong(Long::longValue).sum());
            ObjectNode byReason = input.putObject("rowsSkippedByReason");
            reasons.forEach(byReason::put);
            input.put("membershipsChanged", tally.get(i, IngestTally.CHANGED));
        }
    }

    private static void attempts(ObjectNode node, ExecutionContext context) {
        ObjectNode attempts = node.putObject("attempts");
        attempts.put("total", AttemptTally.total(context));
        AttemptTally.from(context).forEach((outcome, count) -> attempts.put(outcome.label(), count));
    }

    private static void rate(ObjectNode node, StepExecution step, long messages) {
        Duration took = duration(step.getStartTime(), step.getEndTime());
        double seconds = took == null ? 0 : took.toMillis() / 1000.0;
        node.put("messagesPerSecond", seconds > 0 ? Math.round(messages / seconds * 10) / 10.0 : 0.0);
    }

    private static void times(ObjectNode node, @Nullable LocalDateTime start, @Nullable LocalDateTime end) {
        node.put("startTime", instant(start));
        node.put("endTime", instant(end));
        Duration took = duration(start, end);
        if (took == null) {
            node.putNull("durationSeconds");
        } else {
            node.put("durationSeconds", took.toMillis() / 1000.0);
        }
    }

    static @Nullable String instant(@Nullable LocalDateTime time) {
        return time == null
                ? null
                : time.atZone(ZoneId.systemDefault()).toInstant().toString();
    }

    static @Nullable Duration duration(@Nullable LocalDateTime start, @Nullable LocalDateTime end) {
        return start == null || end == null ? null : Duration.between(start, end);
    }
}
