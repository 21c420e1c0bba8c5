package io.signalranon.dispatcher.operate;

import io.signalranon.dispatcher.delivery.PendingSendRepository;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import io.signalranon.dispatcher.privacy.Visitor;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.UserTablesRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets visitors: deletes every row that names one (by its user id, and by each CDP id mapped to it; or by
 * a CDP id, and each user id mapped to it) in every table, moves the dispatch step checkpoints that name
 * one of its user ids, and keeps its ids out of later runs by their keyed hashes ({@link ForgottenIds}).
 * One transaction per visitor: a visitor is forgotten whole or not at all, also when the process is
 * killed. A dry run does the same in a transaction it rolls back, so it counts exactly what would go.
 * Called only while holding the {@link RunLock}.
 */
public class Forget {

    /** The table a dispatch step's checkpoint lives in. */
    public static final String CHECKPOINTS = "BATCH_STEP_EXECUTION_CONTEXT";

    private static final int PAGE = 100;
    /** Visitors between two progress lines. */
    private static final int PROGRESS_EVERY = 1000;

    private static final Logger log = LoggerFactory.getLogger(Forget.class);

    private final JobRepository jobRepository;
    private final String dispatchJob;
    private final TransactionTemplate transaction;
    private final Tables tables;
    private final ForgottenIds forgotten;

    /**
     * The repositories of the tables that name visitors.
     *
     * @param memberships MEMBERSHIP, MEMBERSHIP_UNDO, SNAPSHOT_SEEN
     * @param users USER_MAPPING, SUPPRESSION
     * @param targets DISPATCH_TARGET
     * @param offersSent OFFER_SENT
     * @param failedSends FAILED_SEND
     * @param pendingSends PENDING_SEND
     * @param skippedRows SKIPPED_ROW
     */
    public record Tables(
            MembershipStore memberships,
            UserTablesRepository users,
            DispatchTargetRepository targets,
            OfferSentRepository offersSent,
            FailedSendRepository failedSends,
            PendingSendRepository pendingSends,
            SkippedRowRepository skippedRows) {

        public Tables {
            Objects.requireNonNull(memberships, "memberships");
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(targets, "targets");
            Objects.requireNonNull(offersSent, "offersSent");
            Objects.requireNonNull(failedSends, "failedSends");
            Objects.requireNonNull(pendingSends, "pendingSends");
            Objects.requireNonNull(skippedRows, "skippedRows");
        }
    }

    /**
     * One visitor to forget, named by one id.
     *
     * @param id a user id or a CDP id
     * @param cdp whether {@code id} is a CDP id
     */
    public record Request(String id, boolean cdp) {

        public Request {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * What a forget did, or would do in a dry run.
     *
     * @param visitors visitors forgotten
     * @param ids their ids (user and CDP) kept out of later runs, not counting ids forgotten before
     * @param rows rows deleted or rewritten per table
     */
    public record Outcome(int visitors, int ids, ForgetTally rows) {}

    /** @param dispatchJob the dispatch job's name */
    public Forget(
            JobRepository jobRepository,
            String dispatchJob,
            TransactionTemplate transaction,
            Tables tables,
            ForgottenIds forgotten) {
        this.jobRepository = Objects.requireNonNull(jobRepository, "jobRepository");
        this.dispatchJob = Objects.requireNonNull(dispatchJob, "dispatchJob");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.forgotten = Objects.requireNonNull(forgotten, "forgotten");
    }

    /** Forgets each requested visitor in a transaction of its own; with {@code dryRun}, only counts. */
    public Outcome forget(List<Request> requests, boolean dryRun) {
        Map<String, List<Checkpoint>> checkpoints = checkpoints();
        ForgetTally total = new ForgetTally();
        int ids = 0;
        int done = 0;
        for (Request request : requests) {
            ForgetTally rows = new ForgetTally();
            Integer added = transaction.execute(status -> {
                Visitor visitor = visitor(request);
                tables.memberships().forget(visitor, rows);
                tables.users().forget(visitor, rows);
                tables.targets().forget(visitor, rows);
                tables.offersSent().forget(visitor, rows);
                tables.failedSends().forget(visitor, rows);
                tables.pendingSends().forget(visitor, rows);
                tables.skippedRows().forget(visitor, rows);
                rows.add(CHECKPOINTS, moveCheckpoints(visitor, checkpoints, dryRun));
                int hashed = forgotten.add(visitor.ids());
                if (dryRun) {
                    status.setRollbackOnly();
                }
                return hashed;
            });
            total.addAll(rows);
            ids += added == null ? 0 : added;
            done++;
            if (done % PROGRESS_EVERY == 0 && done < requests.size()) {
                log.info("{} {} of {} visitors", dryRun ? "Counted" : "Forgot", done, requests.size());
            }
        }
        return new Outcome(requests.size(), ids, total);
    }

    /** Lets ids in again ({@code forget --undo}): their data is gone, later runs may bring them back. */
    public int undo(List<String> ids, boolean dryRun) {
        Integer removed = transaction.execute(status -> {
            int count = forgotten.remove(ids);
            if (dryRun) {
                status.setRollbackOnly();
            }
            return count;
        });
        return removed == null ? 0 : removed;
    }

    private Visitor visitor(Request request) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> cdps = new LinkedHashSet<>();
        users.add(request.id());
        cdps.add(request.id());
        if (request.cdp()) {
            users.addAll(tables.users().userIdsOf(request.id()));
            users.addAll(tables.targets().userIdsOf(request.id()));
        } else {
            cdps.addAll(tables.users().cdpIdsOf(request.id()));
            cdps.addAll(tables.targets().cdpIdsOf(request.id()));
        }
        return new Visitor(users, cdps);
    }

    /**
     * Moves every position of a dispatch step or partition that names one of the visitor's user ids (its
     * targets are deleted by now) to the target before it: a step that may still resume reads exactly what it
     * would have.
     */
    private int moveCheckpoints(Visitor visitor, Map<String, List<Checkpoint>> checkpoints, boolean dryRun) {
        int moved = 0;
        for (String userId : visitor.userIds()) {
            List<Checkpoint> naming = checkpoints.remove(userId);
            if (naming == null) {
                continue;
            }
            for (Checkpoint checkpoint : naming) {
                moved++;
                String previous = tables.targets().lastUserBefore(checkpoint.jobInstanceId(), userId);
                if (previous != null) { // the position names it now: a later visitor of the same call may be it
                    List<Checkpoint> there = checkpoints.computeIfAbsent(previous, k -> new ArrayList<>());
                    if (!there.contains(checkpoint)) {
                        there.add(checkpoint);
                    }
                }
                if (dryRun) {
                    continue;
                }
                StepExecution step =
                        jobRepository.getStepExecution(checkpoint.jobExecutionId(), checkpoint.stepExecutionId());
                if (step != null && DispatchTargetReader.moveOff(step.getExecutionContext(), userId, previous)) {
                    jobRepository.updateExecutionContext(step);
                }
            }
        }
        return moved;
    }

    /** Every step execution of the dispatch job whose context names user ids, by user id. */
    private Map<String, List<Checkpoint>> checkpoints() {
        Map<String, List<Checkpoint>> byUser = new HashMap<>();
        for (int start = 0; ; start += PAGE) {
            List<JobInstance> page = jobRepository.getJobInstances(dispatchJob, start, PAGE);
            for (JobInstance instance : page) {
                for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
                    for (StepExecution step : execution.getStepExecutions()) {
                        for (String userId : DispatchTargetReader.positions(step.getExecutionContext())) {
                            byUser.computeIfAbsent(userId, k -> new ArrayList<>())
                                    .add(new Checkpoint(instance.getInstanceId(), execution.getId(), step.getId()));
                        }
                    }
                }
            }
            if (page.size() < PAGE) {
                return byUser;
            }
        }
    }

    /** A step execution of the dispatch job whose context names a user id. */
    private record Checkpoint(long jobInstanceId, long jobExecutionId, long stepExecutionId) {}
}
