package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.offer.DispatchPlanner;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.target.DispatchTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Decides and sends a chunk's messages through a {@link ConcurrentSender} (each sending thread
 * decides one user, then gives its message a turn at the {@link RetryingSender}), and records every
 * outcome in the chunk's transaction: offers of delivered messages in OFFER_SENT (while the chunk's
 * other sends go on), failures in FAILED_SEND.
 *
 * <p><b>Waiting overlaps with sending.</b> A message that must wait before its next attempt (a
 * {@code Retry-After} for it alone, a back-off) does not hold its chunk up: it is recorded in
 * PENDING_SEND in the chunk's transaction. The {@link DispatchItemReader} gives the pending messages as
 * items of the chunks that follow (those due with a page of targets, the rest once the targets are all
 * read): a chunk sends each once it is due (those due at once with its targets), leaves what must wait
 * again for the next, and deletes the rows of those it took in its transaction; the step's last chunk
 * (nothing left to read) sends its messages until each is delivered or failed. A chunk never sends
 * more than {@code chunk-size} messages, so a kill -9 re-sends at most that many, and loses none: a
 * row commits with the chunk that deferred the message, and goes with the chunk that sent it.
 *
 * <p><b>Stopping.</b> When the step is asked to stop (the run received SIGTERM), the sends waiting for
 * the gate give up at once and the chunk's messages not yet sent are recorded as pending, due at
 * once: the chunk commits what it did, the step ends STOPPED, and the resumed run sends the rest once
 * it has read its targets.
 *
 * <p>Once a chunk is sent and recorded, and before it commits, the send threads would idle: when the
 * next chunk's targets are already read, they decide it and build its first attempts meanwhile
 * ({@link ConcurrentSender#prestart}); nothing of it is sent before its own {@code write}, after this
 * chunk committed, and only if it is exactly that chunk.
 *
 * <p>It never throws for a single message's failure, so Spring Batch never scans the chunk and
 * never sends a message twice. It throws {@link SystemicDeliveryException} only when sending
 * cannot work for anyone; the chunk then rolls back and the run can be restarted.
 */
public class DeliveryWriter extends SendingWriter<ChunkItem, DeliveryCounters> implements DispatchWriter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    private final DispatchPlanner planner;
    private final OfferSentRepository offersSent;
    private final FailedSendRepository failedSends;
    private final PendingSendRepository pendingSends;
    private final long jobExecutionId;
    private final PendingSendRepository.Step step;
    private final Instant asOf;
    private final Clock clock;
    private final Supplier<@Nullable List<DispatchTarget>> upcoming;
    private final BooleanSupplier lastChunk;

    private @Nullable List<DispatchTarget> prestartedTargets;
    private ConcurrentSender.@Nullable Prestarted prestarted;

    /**
     * The step, its targets, and where outcomes are recorded.
     *
     * @param jobExecutionId the execution that records failures
     * @param jobInstanceId the run whose pending messages these are
     * @param stepName the step's name (a partition's when the step is partitioned): its pending messages
     * @param asOf the run's as-of instant (caps)
     * @param upcoming the next chunk's targets if they are already read, else {@code null} (asked on the
     *     step's thread once a chunk is sent)
     * @param lastChunk whether the chunk being written is the step's last (nothing is left to read)
     */
    public record Run(
            long jobExecutionId,
            long jobInstanceId,
            String stepName,
            Instant asOf,
            Supplier<@Nullable List<DispatchTarget>> upcoming,
            BooleanSupplier lastChunk) {}

    /**
     * @param attempts the step's attempts by outcome, which this writer keeps in the execution context
     */
    public DeliveryWriter(
            DispatchPlanner planner,
            ConcurrentSender sender,
            OfferSentRepository offersSent,
            FailedSendRepository failedSends,
            PendingSendRepository pendingSends,
            Run run,
            Clock clock,
            AttemptTally attempts) {
        super(sender, attempts, DeliveryCounters::from);
        this.planner = Objects.requireNonNull(planner, "planner");
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.pendingSends = Objects.requireNonNull(pendingSends, "pendingSends");
        this.jobExecutionId = run.jobExecutionId();
        this.step = new PendingSendRepository.Step(run.jobInstanceId(), run.stepName());
        this.asOf = Objects.requireNonNull(run.asOf(), "asOf");
        this.upcoming = Objects.requireNonNull(run.upcoming(), "upcoming");
        this.lastChunk = Objects.requireNonNull(run.lastChunk(), "lastChunk");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void close() {
        dropPrestarted();
        super.close();
    }

    @Override
    public void write(Chunk<? extends ChunkItem> chunk) {
        Consumer<List<DeliveryResult>> record =
                deliveredSoFar -> offersSent.recordAll(deliveredSoFar, jobExecutionId, asOf);
        List<DispatchTarget> targets = ChunkItem.targets(chunk.getItems());
        List<PendingSendRepository.Pending> resends = ChunkItem.resends(chunk.getItems());
        ConcurrentSender.Prestarted ahead;
        if (targets.isEmpty()) { // a chunk of pending messages: the targets prepared ahead wait for the next
            ahead = sender.unstarted(List.of());
        } else {
            ahead = targets.equals(prestartedTargets) && prestarted != null
                    ? prestarted
                    : sender.unstarted(work(targets));
            dropPrestarted();
        }
        List<ConcurrentSender.Retry> retries =
                resends.stream().map(PendingSendRepository.Pending::retry).toList();
        ConcurrentSender.Outcomes outcomes;
        if (lastChunk.getAsBoolean()) { // nothing is left to read: what must wait, this chunk waits for
            outcomes = sender.sendAllToTheEnd(ahead, retries, record);
        } else { // messages left pending: each sent once due; what must wait again is left for the next chunk
            outcomes = sender.sendAllDue(ahead, retries, record);
        }
        pendingSends.deleteAll(resends);
        pendingSends.recordAll(outcomes.deferred(), step);
        List<DeliveryResult> delivered = outcomes.delivered();
        List<DeliveryResult> failed = outcomes.failed();
        failedSends.recordAll(failed, jobExecutionId, clock.instant());
        delivered.forEach(counters::add);
        failed.forEach(counters::add);
        outcomes.withheld().forEach(counters::add);
        if (sender.stopped()) {
            stepExecution().ifPresent(StepExecution::setTerminateOnly);
            log.info(
                    "Stopping: {} messages of this chunk left for the resumed run",
                    outcomes.deferred().size());
            return;
        }
        if (prestarted == null) {
            prestartNext();
        }
        outcomes.failures()
                .ifPresent(failures -> log.warn("In this chunk {}; they are recorded for reprocess", failures));
    }

    private List<ConcurrentSender.Work> work(List<? extends DispatchTarget> targets) {
        DispatchPlanner.ChunkPlan plan = planner.plan(targets);
        return targets.stream()
                .<ConcurrentSender.Work>map(target -> new ConcurrentSender.Decide(() -> plan.decide(target)))
                .toList();
    }

    private void prestartNext() {
        List<DispatchTarget> next = upcoming.get();
        if (next != null && !next.isEmpty()) {
            prestarted = sender.prestart(work(next));
            prestartedTargets = next;
        }
    }

    private void dropPrestarted() {
        if (prestarted != null) {
            prestarted.stop();
        }
        prestarted = null;
        prestartedTargets = null;
    }

    @Override
    public Optional<SendGate.Snapshot> sending() {
        return Optional.of(sender.sending());
    }
}
