package io.signalranon.dispatcher.operate;

import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Retention: deletes what no frequency cap, restart or reprocess needs any more. Older than the cut
 * ({@code now - olderThan}): resolved failed sends, skipped rows, schedule trigger claims, and job instances
 * whose latest execution completed, with all their executions, steps, contexts and parameters (an earlier
 * failed attempt of a completed instance can no longer be restarted). Deliveries (OFFER_SENT) go only
 * when older than both the cut and the longest cap window. Kept whatever the age: unresolved failed
 * sends, and every job instance that is not completed (restartable) or that recorded unresolved failed
 * sends. Personal data that nothing needs goes too: the targets (DISPATCH_TARGET) of runs that completed,
 * whatever their age, and the memberships of CDP ids that left every audience longer ago than
 * {@code dispatcher.purge.memberships-left-after}. The file registry (INGESTED_FILE) is never purged: it keeps
 * a re-delivered file from being read again. Called only while holding the {@link RunLock}.
 */
public class Purge {

    private static final int PAGE = 100;

    private final JobRepository jobRepository;
    private final List<String> jobNames;
    private final OfferSentRepository offerSent;
    private final FailedSendRepository failedSends;
    private final SkippedRowRepository skippedRows;
    private final ScheduleTriggerRepository triggers;
    private final DispatchTargetRepository targets;
    private final MembershipStore memberships;
    private final Duration membershipsLeftAfter;
    private final Clock clock;

    public Purge(
            JobRepository jobRepository,
            List<String> jobNames,
            OfferSentRepository offerSent,
            FailedSendRepository failedSends,
            SkippedRowRepository skippedRows,
            ScheduleTriggerRepository triggers,
            DispatchTargetRepository targets,
            MembershipStore memberships,
            Duration membershipsLeftAfter,
            Clock clock) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.jobNames = List.copyOf(jobNames);
        this.offerSent = Objects.requireNonNull(offerSent, "offerSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.skippedRows = Objects.requireNonNull(skippedRows, "skippedRows");
        this.triggers = Objects.requireNonNull(triggers, "triggers");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.membershipsLeftAfter = Objects.requireNonNull(membershipsLeftAfter, "membershipsLeftAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Where a purge cuts.
     *
     * @param cut everything older than this goes, unless still needed
     * @param deliveriesCut deliveries older than this go: the cut, or earlier by the longest cap window
     */
    public record Cuts(Instant cut, Instant deliveriesCut) {

        public Cuts {
            Objects.requireNonNull(cut, "cut");
            Objects.requireNonNull(deliveriesCut, "deliveriesCut");
            if (deliveriesCut.isAfter(cut)) {
                throw new IllegalArgumentException("the deliveries cut must not be after the cut");
            }
        }
    }

    /**
     * What a purge deleted, or would delete in a dry run.
     *
     * @param cuts where it cut
     * @param offerSent OFFER_SENT rows
     * @param failedSends resolved FAILED_SEND rows
     * @param skippedRows SKIPPED_ROW rows
     * @param scheduleTriggers SCHEDULE_TRIGGER claims
     * @param jobInstances completed job instances
     * @param jobExecutions their job executions
     * @param keptWithFailures old completed job instances kept for their unresolved failed sends
     * @param keptRestartable old job instances kept because they are not completed
     * @param dispatchTargets DISPATCH_TARGET rows of completed runs
     * @param membershipsLeft MEMBERSHIP rows of CDP ids that left every audience long ago
     */
    public record Tally(
            Cuts cuts,
            long offerSent,
            long failedSends,
            long skippedRows,
            long scheduleTriggers,
            int jobInstances,
            int jobExecutions,
            int keptWithFailures,
            int keptRestartable,
            long dispatchTargets,
            long membershipsLeft) {

        public Tally {
            Objects.requireNonNull(cuts, "cuts");
        }
    }

    /** The cuts for now: {@code olderThan} back, and for deliveries also at least {@code capWindow} back. */
    public Cuts cuts(Duration olderThan, Duration capWindow) {
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("the purge age must be > 0, was " + olderThan);
        }
        Instant cut = clock.instant().minus(olderThan);
        Instant deliveriesCut =
                olderThan.compareTo(capWindow) >= 0 ? cut : clock.instant().minus(capWindow);
        return new Cuts(cut, deliveriesCut);
    }

    /** Deletes what is older than the cuts and not needed any more; with {@code dryRun}, only counts it. */
    public Tally run(Cuts cuts, boolean dryRun) {
        Set<Long> withUnresolved = failedSends.executionsWithUnresolved();
        List<List<JobExecution>> purgeable = new ArrayList<>();
        int keptWithFailures = 0;
        int keptRestartable = 0;
        LocalDateTime cut = LocalDateTime.ofInstant(cuts.cut(), ZoneId.systemDefault());
        for (String name : jobNames) {
            for (JobInstance instance : instances(name)) {
                List<JobExecution> executions = jobRepository.getJobExecutions(instance);
                if (executions.isEmpty() || !executions.stream().allMatch(e -> endedBefore(e, cut))) {
                    continue;
                }
                if (!completed(executions)) {
                    keptRestartable++;
                } else if (executions.stream().anyMatch(e -> withUnresolved.contains(e.getId()))) {
                    keptWithFailures++;
                } else {
                    purgeable.add(executions);
                }
            }
        }
        int executionCount = purgeable.stream().mapToInt(List::size).sum();
        if (dryRun) {
            return new Tally(
                    cuts,
                    offerSent.countBefore(cuts.deliveriesCut()),
                    failedSends.countResolvedBefore(cuts.cut()),
                    skippedRows.countBefore(cuts.cut()),
                    triggers.countBefore(cuts.cut()),
                    purgeable.size(),
                    executionCount,
                    keptWithFailures,
                    keptRestartable,
                    targets.countOfCompletedRuns(),
                    memberships.countLeftBefore(membershipsCut()));
        }
        for (List<JobExecution> executions : purgeable) {
            jobRepository.deleteJobInstance(executions.get(0).getJobInstance());
        }
        return new Tally(
                cuts,
                offerSent.deleteBefore(cuts.deliveriesCut()),
                failedSends.deleteResolvedBefore(cuts.cut()),
                skippedRows.deleteBefore(cuts.cut()),
                triggers.deleteBefore(cuts.cut()),
                purgeable.size(),
                executionCount,
                keptWithFailures,
                keptRestartable,
                targets.deleteOfCompletedRuns(),
                memberships.deleteLeftBefore(membershipsCut()));
    }

    /** Memberships of CDP ids that left every audience before this go. */
    public Instant membershipsCut() {
        return clock.instant().minus(membershipsLeftAfter);
    }

    private List<JobInstance> instances(String name) {
        List<JobInstance> all = new ArrayList<>();
        for (int start = 0; ; start += PAGE) {
            List<JobInstance> page = jobRepository.getJobInstances(name, start, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    private static boolean endedBefore(JobExecution execution, LocalDateTime cut) {
        LocalDateTime end = execution.getEndTime();
        return end != null && end.isBefore(cut);
    }

    /** Whether the latest execution completed: then no execution of the instance can be restarted. */
    private static boolean completed(List<JobExecution> executions) {
        JobExecution latest = executions.stream()
                .max((a, b) -> Long.compare(a.getId(), b.getId()))
                .orElseThrow();
        return latest.getStatus() == BatchStatus.COMPLETED;
    }
}
