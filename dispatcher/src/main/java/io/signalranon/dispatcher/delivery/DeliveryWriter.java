package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.offer.DispatchPlanner;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.target.DispatchTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Decides and sends a chunk's messages through a {@link ConcurrentSender}, at most {@code concurrency}
 * in flight (each sending thread decides one user, then sends its message, retried on its own by the
 * {@link RetryingSender}), and records every outcome in the chunk's transaction: offers of
 * delivered messages in OFFER_SENT (while the chunk's other sends go on), failures in FAILED_SEND.
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
public class DeliveryWriter extends SendingWriter<DispatchTarget, DeliveryCounters> implements DispatchWriter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    private final DispatchPlanner planner;
    private final OfferSentRepository offersSent;
    private final FailedSendRepository failedSends;
    private final long jobExecutionId;
    private final Instant asOf;
    private final Clock clock;
    private final Supplier<List<DispatchTarget>> upcoming;

    private List<? extends DispatchTarget> prestartedTargets;
    private ConcurrentSender.Prestarted prestarted;

    /**
     * @param upcoming the next chunk's targets if they are already read, else {@code null} (asked on the
     *                 step's thread once a chunk is sent)
     * @param observer told of sends in flight, results and users withheld (the {@code sender} tells it of attempts)
     * @param attempts the step's attempts by outcome, which this writer keeps in the execution context
     * @param stallWatch hears the {@code sender}'s attempts, says when sends wait long, fails a chunk nothing answers
     */
    public DeliveryWriter(
            DispatchPlanner planner,
            RetryingSender sender,
            int concurrency,
            OfferSentRepository offersSent,
            FailedSendRepository failedSends,
            long jobExecutionId,
            Instant asOf,
            Clock clock,
            Supplier<List<DispatchTarget>> upcoming,
            SendObserver observer,
            AttemptTally attempts,
            StallWatch stallWatch) {
        super(new ConcurrentSender(sender, concurrency, observer, stallWatch), attempts, DeliveryCounters::from);
        this.planner = Objects.requireNonNull(planner, "planner");
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.jobExecutionId = jobExecutionId;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.upcoming = Objects.requireNonNull(upcoming, "upcoming");
    }

    @Override
    public void close() {
        dropPrestarted();
        super.close();
    }

    @Override
    public void write(Chunk<? extends DispatchTarget> chunk) {
        Consumer<List<DeliveryResult>> record =
                deliveredSoFar -> offersSent.recordAll(deliveredSoFar, jobExecutionId, asOf);
        ConcurrentSender.Prestarted ahead = chunk.getItems().equals(prestartedTargets) ? prestarted : null;
        dropPrestarted();
        ConcurrentSender.Outcomes outcomes =
                ahead != null ? sender.sendAll(ahead, record) : sender.sendAll(work(chunk.getItems()), record);
        List<DeliveryResult> delivered = outcomes.delivered();
        List<DeliveryResult> failed = outcomes.failed();
        failedSends.recordAll(failed, jobExecutionId, clock.instant());
        delivered.forEach(counters::add);
        failed.forEach(counters::add);
        outcomes.withheld().forEach(counters::add);
        prestartNext();
        outcomes.failures()
                .ifPresent(failures -> log.warn("In this chunk {}; they are recorded for reprocess", failures));
    }

    private List<Supplier<DispatchItem>> work(List<? extends DispatchTarget> targets) {
        DispatchPlanner.ChunkPlan plan = planner.plan(targets);
        return targets.stream()
                .<Supplier<DispatchItem>>map(target -> () -> plan.decide(target))
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
