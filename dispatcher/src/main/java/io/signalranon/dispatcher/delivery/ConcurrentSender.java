package io.signalranon.dispatcher.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the messages of one chunk concurrently, at most {@code concurrency} in flight (each send
 * thread may first decide its user's message), each retried on its own by the
 * {@link RetryingSender}, and tells a systemic failure from per-message failures. Shared by every
 * writer that sends: it never throws for a single message's failure, only
 * {@link SystemicDeliveryException} when sending cannot work for anyone.
 */
public final class ConcurrentSender implements AutoCloseable {

    private static final long HAND_OVER_MILLIS = 5;
    private static final int HAND_OVER_BATCH = 50;

    private final RetryingSender sender;
    private final int concurrency;
    private final SystemicFailureDetector detector = new SystemicFailureDetector();
    private ExecutorService executor;

    public ConcurrentSender(RetryingSender sender, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.concurrency = concurrency;
    }

    /**
     * Starts the send threads.
     *
     * @param deliveredBefore messages the step delivered before (on restart), for the fail-fast rules
     */
    public void open(long deliveredBefore) {
        detector.seedDelivered(deliveredBefore);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "signalr-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs each piece of work on the send threads (deciding what a user gets, which may be nothing),
     * sends the messages it yields, and waits for all outcomes.
     *
     * @throws SystemicDeliveryException when the outcomes show that sending cannot work for anyone
     */
    public Outcomes sendAll(List<? extends Supplier<DispatchItem>> work) {
        return sendAll(work, delivered -> { });
    }

    /**
     * Like {@link #sendAll(List)}, and while the sends go on, hands the messages delivered so far to
     * {@code onDelivered} on the calling thread, in batches (so that the caller can record them in its
     * transaction meanwhile); every delivered message is handed over once before this returns.
     */
    public Outcomes sendAll(List<? extends Supplier<DispatchItem>> work, Consumer<List<DeliveryResult>> onDelivered) {
        if (executor == null) {
            throw new IllegalStateException("not open");
        }
        // one task per send thread, each taking the next piece of work until none is left: no queue
        // hand-off per message, and outcomes land in work order
        Handled[] handled = new Handled[work.size()];
        Queue<DeliveryResult> deliveredSoFar = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>(concurrency);
        for (int t = 0; t < Math.min(concurrency, work.size()); t++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < handled.length; i = next.getAndIncrement()) {
                    handled[i] = handle(work.get(i).get());
                    if (handled[i].result() != null && handled[i].result().delivered()) {
                        deliveredSoFar.add(handled[i].result());
                    }
                }
            }, executor));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new));
        try {
            handOver(all, deliveredSoFar, onDelivered);
        } catch (RuntimeException e) {
            all.handle((done, failure) -> null).join(); // no send of this chunk may outlive it
            throw e;
        }
        List<DeliveryResult> delivered = new ArrayList<>(work.size());
        List<DeliveryResult> failed = new ArrayList<>();
        List<DispatchItem.WithholdReason> withheld = new ArrayList<>();
        for (Handled one : handled) {
            if (one.withheld() != null) {
                withheld.add(one.withheld());
            } else {
                (one.result().delivered() ? delivered : failed).add(one.result());
            }
        }
        detector.check(delivered, failed);
        return new Outcomes(delivered, failed, withheld);
    }

    /** Waits for the sends, handing over what was delivered every few milliseconds (no wake-up per message). */
    private static void handOver(CompletableFuture<Void> all, Queue<DeliveryResult> delivered,
                                 Consumer<List<DeliveryResult>> onDelivered) {
        List<DeliveryResult> batch = new ArrayList<>();
        boolean done = false;
        while (!done) {
            try {
                all.get(HAND_OVER_MILLIS, TimeUnit.MILLISECONDS);
                done = true;
            } catch (TimeoutException e) {
                // sends still in flight: hand over what came in so far
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            }
            for (DeliveryResult result = delivered.poll(); result != null; result = delivered.poll()) {
                batch.add(result);
            }
            if (batch.size() >= HAND_OVER_BATCH || (done && !batch.isEmpty())) {
                onDelivered.accept(List.copyOf(batch));
                batch.clear();
            }
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

    /**
     * The outcomes of one chunk, in the order the work was given within each list.
     *
     * @param delivered the messages delivered
     * @param failed the messages that failed permanently or ran out of attempts
     * @param withheld why the users that got no message got none
     */
    public record Outcomes(List<DeliveryResult> delivered, List<DeliveryResult> failed,
                           List<DispatchItem.WithholdReason> withheld) {

        public Outcomes {
            delivered = List.copyOf(delivered);
            failed = List.copyOf(failed);
            withheld = List.copyOf(withheld);
        }
    }
}
