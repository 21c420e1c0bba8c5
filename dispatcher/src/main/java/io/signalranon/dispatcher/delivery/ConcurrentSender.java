package io.signalranon.dispatcher.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the messages of one chunk concurrently, at most {@code concurrency} in flight, each retried on
 * its own by the {@link RetryingSender}, and tells a systemic failure from per-message failures. Shared
 * by every writer that sends: it never throws for a single message's failure, only
 * {@link SystemicDeliveryException} when sending cannot work for anyone.
 */
public final class ConcurrentSender implements AutoCloseable {

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
     * Sends every message and waits for all outcomes.
     *
     * @throws SystemicDeliveryException when the outcomes show that sending cannot work for anyone
     */
    public Outcomes sendAll(List<OutgoingMessage> messages) {
        if (executor == null) {
            throw new IllegalStateException("not open");
        }
        List<CompletableFuture<DeliveryResult>> sends = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            sends.add(CompletableFuture.supplyAsync(() -> sender.send(message), executor));
        }
        List<DeliveryResult> delivered = new ArrayList<>(sends.size());
        List<DeliveryResult> failed = new ArrayList<>();
        for (CompletableFuture<DeliveryResult> send : sends) {
            DeliveryResult result = send.join();
            (result.delivered() ? delivered : failed).add(result);
        }
        detector.check(delivered, failed);
        return new Outcomes(delivered, failed);
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
     * The outcomes of one chunk's sends, in the order they were given within each list.
     *
     * @param delivered the messages delivered
     * @param failed the messages that failed permanently or ran out of attempts
     */
    public record Outcomes(List<DeliveryResult> delivered, List<DeliveryResult> failed) {

        public Outcomes {
            delivered = List.copyOf(delivered);
            failed = List.copyOf(failed);
        }
    }
}
