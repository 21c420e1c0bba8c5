package io.signalranon.dispatcher.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides and sends a chunk's messages through a {@link ConcurrentSender}, at most {@code concurrency}
 * in flight (each sending thread decides one user, then sends its message, retried on its own by the
 * {@link RetryingSender}), and records every outcome in the chunk's transaction: offers of
 * delivered messages in OFFER_SENT (while the chunk's other sends go on), failures in FAILED_SEND.
 *
 * <p>It never throws for a single message's failure, so Spring Batch never scans the chunk and
 * never sends a message twice. It throws {@link SystemicDeliveryException} only when sending
 * cannot work for anyone; the chunk then rolls back and the run can be restarted.
 */
public class DeliveryWriter implements DispatchWriter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    private final DispatchPlanner planner;
    private final ConcurrentSender sender;
    private final OfferSentRepository offersSent;
    private final FailedSendRepository failedSends;
    private final long jobExecutionId;
    private final Instant asOf;
    private final Clock clock;

    private DeliveryCounters counters = new DeliveryCounters();

    public DeliveryWriter(DispatchPlanner planner, RetryingSender sender, int concurrency, OfferSentRepository offersSent,
                          FailedSendRepository failedSends, long jobExecutionId, Instant asOf, Clock clock) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.sender = new ConcurrentSender(sender, concurrency);
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.jobExecutionId = jobExecutionId;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(ExecutionContext context) {
        counters = DeliveryCounters.from(context);
        sender.open(counters.delivered());
    }

    @Override
    public void update(ExecutionContext context) {
        counters.saveTo(context);
    }

    @Override
    public void close() {
        sender.close();
    }

    @Override
    public void write(Chunk<? extends DispatchTarget> chunk) {
        DispatchPlanner.ChunkPlan plan = planner.plan(chunk.getItems());
        List<Supplier<DispatchItem>> work = chunk.getItems().stream()
                .<Supplier<DispatchItem>>map(target -> () -> plan.decide(target)).toList();
        ConcurrentSender.Outcomes outcomes = sender.sendAll(work,
                deliveredSoFar -> offersSent.recordAll(deliveredSoFar, jobExecutionId, asOf));
        List<DeliveryResult> delivered = outcomes.delivered();
        List<DeliveryResult> failed = outcomes.failed();
        failedSends.recordAll(failed, jobExecutionId, clock.instant());
        delivered.forEach(counters::add);
        failed.forEach(counters::add);
        outcomes.withheld().forEach(counters::add);
        if (!failed.isEmpty()) {
            DeliveryResult first = failed.get(0);
            log.warn("{} of {} sends in this chunk failed and are recorded for reprocess (e.g. status {}: {})",
                    failed.size(), delivered.size() + failed.size(), first.outcome().status(), first.outcome().reason());
        }
    }

    @Override
    public DeliveryCounters counters() {
        return counters;
    }
}
