package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.DeliveryCounters;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.IngestTally;
import io.signalranon.dispatcher.ingest.SkippedRowRecorder;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.job.DeliveryConfiguration;
import io.signalranon.dispatcher.job.DispatchPartitions;
import io.signalranon.dispatcher.job.ReprocessParameters;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.reprocess.ReprocessCounters;
import io.signalranon.dispatcher.target.SuppressionReport;
import io.signalranon.dispatcher.target.UsersReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Computes the {@link RunResult} of an execution when it ends, once, from Spring Batch's job repository
 * (the step execution contexts and counts of all the run's executions) and the tables (SKIPPED_ROW,
 * FAILED_SEND, the membership store). The one place that counts what a run did.
 */
public class RunResults {

    private static final int TOP_REASONS = 5;
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(connection|secret|password|access.?key|token).*");

    private final JobRepository jobRepository;
    private final FailedSendRepository failedSends;
    private final SkippedRowRepository skippedRows;
    private final MembershipStore store;

    public RunResults(
            JobRepository jobRepository,
            FailedSendRepository failedSends,
            SkippedRowRepository skippedRows,
            MembershipStore store) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.skippedRows = Objects.requireNonNull(skippedRows, "skippedRows");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** What an execution that has ended did, over its whole run. */
    public RunResult of(JobExecution execution) {
        long instanceId = execution.getJobInstance().getId();
        boolean dispatch = execution.getJobInstance().getJobName().equals(BatchNames.DISPATCH_JOB);
        List<JobExecution> earlier = jobRepository.getJobExecutions(execution.getJobInstance()).stream()
                .filter(other -> other.getId() < execution.getId())
                .sorted(Comparator.comparingLong(JobExecution::getId))
                .toList();
        List<StepExecution> ingestSteps = new ArrayList<>();
        earlier.forEach(run -> ingestSteps.addAll(run.getStepExecutions()));
        ingestSteps.addAll(execution.getStepExecutions());
        ingestSteps.removeIf(step -> !step.getStepName().equals(BatchNames.INGEST_STEP));
        ingestSteps.sort(Comparator.comparing(StepExecution::getId));
        return new RunResult(
                execution(execution, earlier),
                ExecutionOutcome.messages(execution),
                execution.getStepExecutions().stream()
                        .filter(step -> !DispatchPartitions.isPartition(step))
                        .map(RunResults::step)
                        .toList(),
                inputs(execution, ingestSteps),
                ingestSteps.isEmpty() ? null : ingest(ingestSteps),
                dispatch ? changedIds(execution) : null,
                UsersReport.from(execution.getExecutionContext()),
                SuppressionReport.from(execution.getExecutionContext()),
                dispatch ? failedSends.countByStatus(instanceId) : Map.of(),
                dispatch ? null : failedSends.countUnresolved(scope(execution), ReprocessParameters.maxId(execution)),
                DispatchPartitions.latest(jobRepository, execution.getJobInstance()).stream()
                        .map(RunResults::partition)
                        .toList(),
                dispatch
                        ? failedSends.topReasons(instanceId, null, 0, TOP_REASONS)
                        : failedSends.topReasons(
                                null, scope(execution), ReprocessParameters.maxId(execution), TOP_REASONS));
    }

    private static RunResult.Execution execution(JobExecution execution, List<JobExecution> earlier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        execution.getJobParameters().parameters().stream()
                .sorted(Comparator.comparing(parameter -> parameter.name()))
                .forEach(parameter -> {
                    String value = String.valueOf(parameter.value());
                    if (!SECRET_NAME.matcher(parameter.name()).matches() && !value.contains("AccessKey=")) {
                        parameters.put(parameter.name(), value);
                    }
                });
        ExecutionContext context = execution.getExecutionContext();
        return new RunResult.Execution(
                execution.getId(),
                execution.getJobInstance().getId(),
                execution.getJobInstance().getJobName(),
                parameters,
                execution.getStatus(),
                execution.getExitStatus().getExitCode(),
                RunResult.Times.of(execution.getStartTime(), execution.getEndTime()),
                earlier.stream().map(JobExecution::getId).toList(),
                context.containsKey(BatchNames.AS_OF) ? context.getString(BatchNames.AS_OF) : null,
                Boolean.parseBoolean(execution.getJobParameters().getString(BatchNames.DRY_RUN)),
                execution.getJobParameters().getString(BatchNames.DRY_RUN_REPORT));
    }

    private static RunResult.Step step(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        RunResult.StepFigures figures = switch (step.getStepName()) {
            case BatchNames.TARGETS_STEP -> new RunResult.Targets(context.getLong(DeliveryConfiguration.TARGETED, 0));
            case BatchNames.DISPATCH_STEP -> {
                DeliveryCounters counters = DeliveryCounters.from(context);
                yield new RunResult.Dispatch(
                        counters.delivered(),
                        counters.failed(),
                        counters.planned(),
                        counters.holdout(),
                        counters.suppressed(),
                        counters.noConsent(),
                        attempts(context));
            }
            case BatchNames.REPROCESS_STEP -> {
                ReprocessCounters counters = ReprocessCounters.from(context);
                yield new RunResult.Reprocess(
                        counters.delivered(),
                        counters.failed(),
                        counters.expired(),
                        counters.withheld(),
                        attempts(context));
            }
            default -> null;
        };
        return new RunResult.Step(
                step.getStepName(),
                step.getStatus(),
                RunResult.Times.of(step.getStartTime(), step.getEndTime()),
                counts(step),
                figures);
    }

    private static RunResult.Attempts attempts(ExecutionContext context) {
        return new RunResult.Attempts(AttemptTally.from(context));
    }

    private static RunResult.StepCounts counts(StepExecution step) {
        return new RunResult.StepCounts(
                step.getReadCount(),
                step.getWriteCount(),
                step.getFilterCount(),
                step.getReadSkipCount(),
                step.getProcessSkipCount(),
                step.getWriteSkipCount(),
                step.getSkipCount(),
                step.getCommitCount(),
                step.getRollbackCount());
    }

    /**
     * Per input over the whole run: the latest ingest step's tally (a restart carries it on) and the
     * run's SKIPPED_ROW rows.
     */
    private List<RunResult.Input> inputs(JobExecution execution, List<StepExecution> ingestSteps) {
        String given = execution.getJobParameters().getString(BatchNames.INPUTS, "");
        List<String> specs = given == null || given.isBlank() ? List.of() : List.of(given.split("\n"));
        if (specs.isEmpty()) {
            return List.of();
        }
        IngestTally tally = new IngestTally(
                ingestSteps.isEmpty()
                        ? new ExecutionContext()
                        : ingestSteps.get(ingestSteps.size() - 1).getExecutionContext());
        Map<Integer, Map<String, Long>> skips =
                skippedRows.countByInputAndReason(execution.getJobInstance().getId());
        List<RunResult.Input> inputs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            inputs.add(new RunResult.Input(
                    specs.get(i),
                    tally.get(i, IngestTally.FILES),
                    tally.get(i, IngestTally.UNCHANGED),
                    tally.get(i, IngestTally.READ),
                    skips.getOrDefault(i, Map.of()),
                    tally.get(i, IngestTally.CHANGED),
                    tally.get(i, IngestTally.MARKERS)));
        }
        return inputs;
    }

    private static RunResult.IngestTotals ingest(List<StepExecution> steps) {
        Duration took = Duration.ZERO;
        for (StepExecution step : steps) {
            Duration one =
                    RunResult.Times.of(step.getStartTime(), step.getEndTime()).duration();
            took = one == null ? took : took.plus(one);
        }
        return new RunResult.IngestTotals(
                steps.stream().map(StepExecution::getJobExecutionId).toList(),
                took,
                new RunResult.StepCounts(
                        steps.stream().mapToLong(StepExecution::getReadCount).sum(),
                        steps.stream().mapToLong(StepExecution::getWriteCount).sum(),
                        steps.stream().mapToLong(StepExecution::getFilterCount).sum(),
                        steps.stream()
                                .mapToLong(StepExecution::getReadSkipCount)
                                .sum(),
                        steps.stream()
                                .mapToLong(StepExecution::getProcessSkipCount)
                                .sum(),
                        steps.stream()
                                .mapToLong(StepExecution::getWriteSkipCount)
                                .sum(),
                        steps.stream().mapToLong(StepExecution::getSkipCount).sum(),
                        steps.stream().mapToLong(StepExecution::getCommitCount).sum(),
                        steps.stream()
                                .mapToLong(StepExecution::getRollbackCount)
                                .sum()),
                // a restarted step starts from the context its last execution left: the last one holds the count
                steps.get(steps.size() - 1).getExecutionContext().getLong(SkippedRowRecorder.FORGOTTEN, 0));
    }

    /** In a dry run the store is left as it was, so the job counted the ids it would have changed. */
    private long changedIds(JobExecution execution) {
        ExecutionContext context = execution.getExecutionContext();
        return context.containsKey(BatchNames.DRY_RUN_CHANGED_IDS)
                ? context.getLong(BatchNames.DRY_RUN_CHANGED_IDS)
                : store.countChangedIds(execution.getJobInstance().getId());
    }

    private static RunResult.Partition partition(StepExecution partition) {
        DeliveryCounters counters = DeliveryCounters.from(partition.getExecutionContext());
        return new RunResult.Partition(
                DispatchPartitions.name(partition),
                partition.getStatus(),
                DispatchPartitions.worker(partition),
                partition.getJobExecutionId(),
                RunResult.Times.of(partition.getStartTime(), partition.getEndTime()),
                counters.users(),
                counters.delivered(),
                counters.failed(),
                partition.getCommitCount());
    }

    private static @Nullable Long scope(JobExecution execution) {
        return ReprocessParameters.execution(execution.getJobParameters().getString(BatchNames.REPROCESS_SCOPE));
    }
}
