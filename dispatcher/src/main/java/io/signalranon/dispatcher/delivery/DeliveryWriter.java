package io.signalranon.dispatcher.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides and sends a chunk's messages concurrently, at most {@code concurrency} in flight (each
 * sending thread decides one user, then sends its message, retried on its own by the
 * {@link RetryingSender}), and records every outcome in the chunk's transaction: offers of
 * delivered messages in OFFER_SENT, failures in FAILED_SEND.
 *
 * <p>It never throws for a single message's failure, so Spring Batch never scans the chunk and
 * never sends a message twice. It throws {@link SystemicDeliveryException} only when sending
 * cannot work for anyone; the chunk then rolls back and the run can be restarted.
 */
public class DeliveryWriter implements DispatchWriter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    private final DispatchPlanner planner;
    private final RetryingSender sender;
    private final int concurrency;
    private final SystemicFailureDetector detector;
    private final OfferSentRepository offersSent;
    private final FailedSendRepository failedSends;
    private final long jobExecutionId;
    private final Instant asOf;
    private final Clock clock;

    private ExecutorService executor;
    private DeliveryCounters counters = new DeliveryCounters();

    public DeliveryWriter(DispatchPlanner planner, RetryingSender sender, int concurrency, OfferSentRepository offersSent,
                          FailedSendRepository failedSends, long jobExecutionId, Instant asOf, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        this.planner = Objects.requireNonNull(planner, "planner");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.concurrency = concurrency;
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.jobExecutionId = jobExecutionId;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.detector = new SystemicFailureDetector();
    }

    @Override
    public void open(ExecutionContext context) {
        counters = DeliveryCounters.from(context);
        detector.seedDelivered(counters.delivered());
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "signalr-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void update(ExecutionContext context) {
        counters.saveTo(context);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public void write(Chunk<? extends DispatchTarget> chunk) {
        DispatchPlanner.ChunkPlan plan = planner.plan(chunk.getItems());
        List<CompletableFuture<Handled>> handled = new ArrayList<>(chunk.size());
        for (DispatchTarget target : chunk) {
            handled.add(CompletableFuture.supplyAsync(() -> handle(plan.decide(target)), executor));
        }
        List<DeliveryResult> delivered = new ArrayList<>(chunk.size());
        List<DeliveryResult> failed = new ArrayList<>();
        List<DispatchItem.WithholdReason> withheld = new ArrayList<>();
        for (CompletableFuture<Handled> future : handled) {
            Handled one = future.join();
            if (one.withheld() != null) {
                withheld.add(one.withheld());
            } else {
                (one.result().delivered() ? delivered : failed).add(one.result());
            }
        }
        detector.check(delivered, failed);
        offersSent.recordAll(delivered, jobExecutionId, asOf);
        failedSends.recordAll(failed, jobExecutionId, clock.instant());
        delivered.forEach(counters::add);
        failed.forEach(counters::add);
        withheld.forEach(counters::add);
        if (!failed.isEmpty()) {
            DeliveryResult first = failed.get(0);
            log.warn("{} of {} sends in this chunk failed and are recorded for reprocess (e.g. status {}: {})",
                    failed.size(), delivered.size() + failed.size(), first.outcome().status(), first.outcome().reason());
        }
    }

    private Handled handle(DispatchItem item) {
        if (item instanceof DispatchItem.Withheld none) {
            return new Handled(none.reason(), null);
        }
        return new Handled(null, sender.send(((DispatchItem.Send) item).message()));
    }

    /** One user's outcome: withheld for a reason, or the result of sending. */
    private record Handled(DispatchItem.WithholdReason withheld, DeliveryResult result) {
    }

    @Override
    public DeliveryCounters counters() {
        return counters;
    }
}
