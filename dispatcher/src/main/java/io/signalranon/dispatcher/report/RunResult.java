package io.signalranon.dispatcher.report;

import io.signalranon.dispatcher.delivery.AttemptOutcome;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.target.SuppressionReport;
import io.signalranon.dispatcher.target.UsersReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * What one execution of {@code dispatch} or {@code reprocess} did, over its whole run, read once from
 * the job repository and the tables when it ends ({@link RunResults}). The run's summary prints it and
 * the run report writes it: neither counts anything itself, so the two cannot disagree.
 *
 * @param execution the execution: ids, parameters, how it ended, the run's earlier executions
 * @param messages messages of the run so far (dispatch or reprocess step)
 * @param steps the execution's steps (the partitions of a run split over workers excepted), in order
 * @param inputs per {@code --input}, over the whole run (the latest ingest step's tally, SKIPPED_ROW)
 * @param ingest the ingest step summed over the run's executions that ran it, or null when none did
 * @param cdpIdsChanged CDP ids whose memberships the run changed (dispatch), or null (reprocess)
 * @param users what loading users.csv found, or null when the run had none
 * @param suppression what loading the suppression list found, or null when the run had none
 * @param failedByStatus the run's failed sends by HTTP status (0: no response), in FAILED_SEND
 * @param unresolved failed sends of a reprocess's scope still unresolved, or null (dispatch)
 * @param partitions the latest execution of each partition of a run split over workers, by name
 * @param topFailureReasons the most frequent failures of the run (reprocess: of its scope, unresolved)
 */
public record RunResult(
        Execution execution,
        ExecutionOutcome.Messages messages,
        List<Step> steps,
        List<Input> inputs,
        @Nullable IngestTotals ingest,
        @Nullable Long cdpIdsChanged,
        @Nullable UsersReport users,
        @Nullable SuppressionReport suppression,
        Map<Integer, Long> failedByStatus,
        @Nullable Long unresolved,
        List<Partition> partitions,
        List<FailedSendRepository.ReasonCount> topFailureReasons) {

    public RunResult {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(messages, "messages");
        steps = List.copyOf(steps);
        inputs = List.copyOf(inputs);
        failedByStatus = ordered(failedByStatus);
        partitions = List.copyOf(partitions);
        topFailureReasons = List.copyOf(topFailureReasons);
    }

    /** The execution's step of this name, if it ran one. */
    public Optional<Step> step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst();
    }

    /** Users targeted by the run, if the execution ran the targets step. */
    public Optional<Long> usersTargeted() {
        return figures(BatchNames.TARGETS_STEP, Targets.class).map(Targets::users);
    }

    /** What the execution's dispatch step did, if it ran one. */
    public Optional<Dispatch> dispatch() {
        return figures(BatchNames.DISPATCH_STEP, Dispatch.class);
    }

    /** What the execution's reprocess step did, if it ran one. */
    public Optional<Reprocess> reprocess() {
        return figures(BatchNames.REPROCESS_STEP, Reprocess.class);
    }

    /** Change rows read over all inputs. */
    public long rowsRead() {
        return inputs.stream().mapToLong(Input::rowsRead).sum();
    }

    /** Malformed rows skipped over all inputs. */
    public long rowsSkipped() {
        return inputs.stream().mapToLong(Input::rowsSkipped).sum();
    }

    /** Items read that are no change row, over all inputs: file ends and listed profiles without segments. */
    public long markers() {
        return inputs.stream().mapToLong(Input::markers).sum();
    }

    private <T extends StepFigures> Optional<T> figures(String step, Class<T> type) {
        return step(step).map(Step::figures).filter(type::isInstance).map(type::cast);
    }

    private static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The execution.
     *
     * @param id the job execution id
     * @param jobInstanceId the job instance id: the run
     * @param job {@code dispatch} or {@code reprocess}
     * @param parameters the job parameters by name, as strings, secrets left out
     * @param status Spring Batch's batch status
     * @param exitStatus Spring Batch's exit status
     * @param times when it started and ended
     * @param earlier the run's executions before this one, oldest first (empty unless it was resumed)
     * @param asOf the instant the run decided offers at, or null when it did not get that far
     * @param dryRun whether the run sent nothing
     * @param dryRunReport where a dry run wrote its report, or null
     */
    public record Execution(
            long id,
            long jobInstanceId,
            String job,
            Map<String, String> parameters,
            BatchStatus status,
            String exitStatus,
            Times times,
            List<Long> earlier,
            @Nullable String asOf,
            boolean dryRun,
            @Nullable String dryRunReport) {

        public Execution {
            Objects.requireNonNull(job, "job");
            parameters = ordered(parameters);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(exitStatus, "exitStatus");
            Objects.requireNonNull(times, "times");
            earlier = List.copyOf(earlier);
        }
    }

    /**
     * When something started and ended.
     *
     * @param start the instant it started, null if it never did
     * @param end the instant it ended, null while it runs
     */
    public record Times(@Nullable Instant start, @Nullable Instant end) {

        /** Times from Spring Batch's local date-times (in the system's zone). */
        public static Times of(@Nullable LocalDateTime start, @Nullable LocalDateTime end) {
            return new Times(instant(start), instant(end));
        }

        /** How long it took, null unless it started and ended. */
        public @Nullable Duration duration() {
            Instant from = start;
            Instant to = end;
            return from == null || to == null ? null : Duration.between(from, to);
        }

        /** How long it took in seconds, 0 unless it started and ended. */
        public double seconds() {
            Duration took = duration();
            return took == null ? 0 : took.toMillis() / 1000.0;
        }

        private static @Nullable Instant instant(@Nullable LocalDateTime time) {
            return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
        }
    }

    /**
     * One step execution.
     *
     * @param name the step's name
     * @param status Spring Batch's batch status of the step
     * @param times when it started and ended
     * @param counts Spring Batch's counts of the step
     * @param figures the step's own figures, or null for a step that has none
     */
    public record Step(
            String name,
            BatchStatus status,
            Times times,
            StepCounts counts,
            @Nullable StepFigures figures) {

        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(times, "times");
            Objects.requireNonNull(counts, "counts");
        }
    }

    /** Spring Batch's counts of a step execution (or of several, summed). */
    public record StepCounts(
            long read,
            long write,
            long filter,
            long readSkip,
            long processSkip,
            long writeSkip,
            long skip,
            long commit,
            long rollback) {}

    /** The figures a step keeps of its own, besides Spring Batch's counts. */
    public sealed interface StepFigures permits Targets, Dispatch, Reprocess {}

    /** @param users users targeted by the run */
    public record Targets(long users) implements StepFigures {}

    /**
     * The dispatch step's totals.
     *
     * @param delivered messages delivered
     * @param failed messages failed for good (in FAILED_SEND)
     * @param planned messages decided but not sent, in a dry run
     * @param holdout users withheld because they are in the holdout
     * @param suppressed users withheld by the suppression list
     * @param noConsent users withheld for lack of consent
     * @param attempts every send attempt, also those of a chunk that rolled back
     */
    public record Dispatch(
            long delivered, long failed, long planned, long holdout, long suppressed, long noConsent, Attempts attempts)
            implements StepFigures {

        public Dispatch {
            Objects.requireNonNull(attempts, "attempts");
        }

        /** Users handled: sent, failed, withheld or planned. */
        public long users() {
            return delivered + failed + holdout + suppressed + noConsent + planned;
        }
    }

    /**
     * The reprocess step's totals.
     *
     * @param delivered failed sends delivered now
     * @param failed failed sends that failed again
     * @param expired failed sends dropped because their offers had ended
     * @param withheld failed sends not sent because their users may not be sent to any more
     * @param attempts every send attempt
     */
    public record Reprocess(long delivered, long failed, long expired, long withheld, Attempts attempts)
            implements StepFigures {

        public Reprocess {
            Objects.requireNonNull(attempts, "attempts");
        }
    }

    /** Send attempts by outcome, every outcome present (0 when none). */
    public record Attempts(Map<AttemptOutcome, Long> byOutcome) {

        public Attempts {
            Map<AttemptOutcome, Long> all = new EnumMap<>(AttemptOutcome.class);
            for (AttemptOutcome outcome : AttemptOutcome.values()) {
                all.put(outcome, byOutcome.getOrDefault(outcome, 0L));
            }
            byOutcome = Collections.unmodifiableMap(all);
        }

        public long get(AttemptOutcome outcome) {
            return byOutcome.getOrDefault(outcome, 0L);
        }

        public long total() {
            return byOutcome.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One {@code --input} over the whole run.
     *
     * @param input the input as given ({@code FORMAT:PATH})
     * @param files files read
     * @param filesAlreadyIngested files left out because they were ingested before
     * @param rowsRead change rows read
     * @param rowsSkippedByReason malformed rows skipped (in SKIPPED_ROW), by reason
     * @param membershipsChanged memberships whose state changed
     * @param markers items read that are no change row: file ends, listed profiles without segments
     */
    public record Input(
            String input,
            long files,
            long filesAlreadyIngested,
            long rowsRead,
            Map<String, Long> rowsSkippedByReason,
            long membershipsChanged,
            long markers) {

        public Input {
            Objects.requireNonNull(input, "input");
            rowsSkippedByReason = ordered(rowsSkippedByReason);
        }

        public long rowsSkipped() {
            return rowsSkippedByReason.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /**
     * The ingest step over the executions of the run that ran it.
     *
     * @param executions the job executions that ran it, oldest first
     * @param took the time it took, summed
     * @param counts Spring Batch's counts, summed
     * @param skippedForgotten skipped rows whose detail quoted a forgotten id (recorded with it redacted)
     */
    public record IngestTotals(List<Long> executions, Duration took, StepCounts counts, long skippedForgotten) {

        public IngestTotals {
            executions = List.copyOf(executions);
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(counts, "counts");
        }

        public double seconds() {
            return took.toMillis() / 1000.0;
        }
    }

    /**
     * A partition of the dispatch step, as its latest execution left it.
     *
     * @param name {@code p000}, ...
     * @param status Spring Batch's batch status
     * @param worker the worker that ran it last ({@code host:pid}), or {@code -}
     * @param jobExecutionId the job execution that ran it last
     * @param times when it started and ended
     * @param users users it handled
     * @param delivered messages it delivered
     * @param failed messages that failed for good
     * @param commits its commits
     */
    public record Partition(
            String name,
            BatchStatus status,
            String worker,
            long jobExecutionId,
            Times times,
            long users,
            long delivered,
            long failed,
            long commits) {

        public Partition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(times, "times");
        }
    }
}
