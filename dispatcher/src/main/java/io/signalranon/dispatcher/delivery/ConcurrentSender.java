package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.target.WithholdReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the messages of one chunk concurrently on {@code threads} send threads (each may first
 * decide its user's message), each retried on its own by the {@link RetryingSender}, whose
 * {@link SendGate} sets how many are in flight (at most {@code threads}), and tells a systemic failure from per-message failures. Shared by every
 * writer that sends: it never throws for a single message's failure, only
 * {@link SystemicDeliveryException} when sending cannot work for anyone.
 */
public final class ConcurrentSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentSender.class);
    private static final long HAND_OVER_MILLIS = 5;
    private static final int HAND_OVER_BATCH = 50;

    private final RetryingSender sender;
    private final int concurrency; // send threads
    private final SendObserver observer;
    private final SystemicFailureDetector detector;
    private final StallWatch stallWatch;
    private ExecutorService executor;

    public ConcurrentSender(RetryingSender sender, int concurrency) {
        this(sender, concurrency, SendObserver.NONE);
    }

    /** @param observer told of sends in flight, the concurrency, each message's result and each user withheld */
    public ConcurrentSender(RetryingSender sender, int concurrency, SendObserver observer) {
        this(sender, concurrency, observer, StallWatch.none());
    }

    /**
     * @param observer told of sends in flight, the concurrency, each message's result and each user withheld
     * @param stallWatch hears the {@code sender}'s attempts (it must be among its observers), says when sends wait
     *     long and fails a chunk that nothing answers
     */
    public ConcurrentSender(RetryingSender sender, int concurrency, SendObserver observer, StallWatch stallWatch) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (concurrency < sender.gate().maxConcurrency()) {
            throw new IllegalArgumentException("concurrency (send threads) must be >= the gate's maximum ("
                    + sender.gate().maxConcurrency() + "), got " + concurrency);
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.detector = new SystemicFailureDetector(sender::rejectionHint);
        this.concurrency = concurrency;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.stallWatch = Objects.requireNonNull(stallWatch, "stallWatch");
    }

    /**
     * Starts the send threads.
     *
     * @param deliveredBefore messages the step delivered before (on restart), for the fail-fast rules
     */
    public void open(long deliveredBefore) {
        detector.seedDelivered(deliveredBefore);
        observer.concurrency(sender.gate().concurrencyLimit());
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
        return sendAll(work, delivered -> {});
    }

    /**
     * Like {@link #sendAll(List)}, and while the sends go on, hands the messages delivered so far to
     * {@code onDelivered} on the calling thread, in batches (so that the caller can record them in its
     * transaction meanwhile); every delivered message is handed over once before this returns.
     */
    public Outcomes sendAll(List<? extends Supplier<DispatchItem>> work, Consumer<List<DeliveryResult>> onDelivered) {
        return sendAll(new Prestarted(work), onDelivered);
    }

    /**
     * Starts the work of a chunk that is not to be sent yet on the idle send threads: each piece is
     * decided and its first attempt built (see {@link RetryingSender#prepare}), and nothing is sent
     * until the returned work is given to {@link #sendAll(Prestarted, Consumer)}. Dropped, it sends
     * nothing; {@link Prestarted#stop()} ends the preparing.
     */
    public Prestarted prestart(List<? extends Supplier<DispatchItem>> work) {
        if (executor == null) {
            throw new IllegalStateException("not open");
        }
        Prestarted prestarted = new Prestarted(work);
        for (int t = 0; t < Math.min(wanted(), work.size()); t++) {
            executor.execute(prestarted::prepareAhead);
        }
        return prestarted;
    }

    /** Like {@link #sendAll(List, Consumer)} for work that may have been {@linkplain #prestart prestarted}. */
    public Outcomes sendAll(Prestarted prestarted, Consumer<List<DeliveryResult>> onDelivered) {
        if (executor == null) {
            throw new IllegalStateException("not open");
        }
        prestarted.stop();
        Chunk chunk = new Chunk(prestarted);
        chunk.start();
        stallWatch.chunkStarted();
        try {
            handOver(
                    chunk.ended,
                    chunk.deliveredSoFar,
                    onDelivered,
                    () -> stallWatch.check(chunk.sending.get()).ifPresent(line -> log.warn("{}", line)));
        } catch (RuntimeException e) {
            chunk.giveUp();
            chunk.ended.handle((done, failure) -> null).join(); // no send of this chunk may outlive it
            throw e;
        }
        List<DeliveryResult> delivered = new ArrayList<>(chunk.handled.length);
        List<DeliveryResult> failed = new ArrayList<>();
        List<WithholdReason> withheld = new ArrayList<>();
        for (Handled one : chunk.handled) {
            if (one.withheld() != null) {
                withheld.add(one.withheld());
            } else {
                (one.result().delivered() ? delivered : failed).add(one.result());
            }
        }
        detector.check(delivered, failed);
        return new Outcomes(delivered, failed, withheld);
    }

    /**
     * Send threads worth keeping busy now: as many as the gate lets send, plus those waiting out a
     * back-off (they hold no permit). A thread more would only wait at the gate: at a fast service
     * that costs CPU the sends need.
     */
    private int wanted() {
        return Math.min(concurrency, Math.max(1, sender.gate().concurrencyLimit() + sender.backingOff()));
    }

    /**
     * The sends of one chunk: workers on the send threads, each taking the next piece of work until
     * none is left (no queue hand-off per message; outcomes land in work order). There are as many
     * workers as {@link #wanted()}: one that ends a send starts more while the limit grows, and leaves
     * while there are more than wanted (never the last one). The chunk has {@linkplain #ended ended}
     * when the last worker has, that is, when every piece taken has been handled.
     */
    private final class Chunk {

        private final Prestarted work;
        private final Handled[] handled;
        private final Queue<DeliveryResult> deliveredSoFar = new ConcurrentLinkedQueue<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger sending = new AtomicInteger();
        private final AtomicInteger workers = new AtomicInteger();
        private final Set<Thread> sendThreads = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        private Chunk(Prestarted work) {
            this.work = work;
            this.handled = new Handled[work.size()];
        }

        private void start() {
            if (handled.length == 0) {
                ended.complete(null);
            } else {
                addWorkers();
            }
        }

        /** Starts workers until {@link #wanted()} run, or one per piece not yet taken. */
        private void addWorkers() {
            for (int running = workers.get();
                    running < wanted() && running < handled.length - next.get();
                    running = workers.get()) {
                if (workers.compareAndSet(running, running + 1)) {
                    try {
                        executor.execute(this::work);
                    } catch (RuntimeException e) { // shut down: this worker never runs
                        failure.compareAndSet(null, e);
                        leave();
                        return;
                    }
                }
            }
        }

        /** Leaves the chunk when more workers run than wanted; the last one stays. */
        private boolean leftAsSurplus() {
            for (int running = workers.get(); running > wanted(); running = workers.get()) {
                if (workers.compareAndSet(running, running - 1)) {
                    return true;
                }
            }
            return false;
        }

        private void work() {
            sendThreads.add(Thread.currentThread());
            boolean surplus = false;
            try {
                for (int i = next.getAndIncrement(); i < handled.length; i = next.getAndIncrement()) {
                    sending.incrementAndGet();
                    try {
                        handled[i] = handle(work.take(i), this::addWorkers);
                    } finally {
                        sending.decrementAndGet();
                    }
                    if (handled[i].result() != null && handled[i].result().delivered()) {
                        deliveredSoFar.add(handled[i].result());
                    }
                    surplus = leftAsSurplus();
                    if (surplus) {
                        return;
                    }
                    addWorkers();
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                sendThreads.remove(Thread.currentThread());
                Thread.interrupted(); // a chunk given up interrupts its sends; the next starts clear
                if (!surplus) {
                    leave();
                }
            }
        }

        /** One worker fewer; the last one ends the chunk. */
        private void leave() {
            if (workers.decrementAndGet() == 0) {
                Throwable failed = failure.get();
                if (failed != null) {
                    ended.completeExceptionally(failed);
                } else {
                    ended.complete(null);
                }
            }
        }

        /** Starts no other send of this chunk, and retries none of those in flight. */
        private void giveUp() {
            next.set(handled.length);
            sendThreads.forEach(Thread::interrupt);
        }
    }

    /** Waits for the sends, handing over what was delivered every few milliseconds (no wake-up per message). */
    private static void handOver(
            CompletableFuture<Void> all,
            Queue<DeliveryResult> delivered,
            Consumer<List<DeliveryResult>> onDelivered,
            Runnable whileWaiting) {
        List<DeliveryResult> batch = new ArrayList<>();
        boolean done = false;
        while (!done) {
            whileWaiting.run();
            try {
                all.get(HAND_OVER_MILLIS, TimeUnit.MILLISECONDS);
                done = true;
            } catch (TimeoutException e) {
                // sends still in flight: hand over what came in so far
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
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

    private Handled handle(Object ready, Runnable beforeBackOff) {
        if (ready instanceof DispatchItem.Withheld none) {
            observer.withheld(none.reason());
            return new Handled(none.reason(), null);
        }
        observer.inFlight(1);
        DeliveryResult result;
        try {
            result = sender.send((RetryingSender.Prepared) ready, beforeBackOff);
        } finally {
            observer.inFlight(-1);
        }
        observer.finished(result);
        observer.concurrency(sender.gate().concurrencyLimit());
        return new Handled(null, result);
    }

    /** What a piece of work yields, ready to send: the withheld item, or the message with its first attempt built. */
    private Object ready(DispatchItem item) {
        return item instanceof DispatchItem.Send send ? sender.prepare(send.message()) : item;
    }

    /**
     * The work of one chunk, some of it possibly decided and built ahead by {@link #prestart}. A piece
     * is prepared ahead at most once and used at most once; a piece not prepared by the time it is sent is
     * prepared then (deciding and building are pure, so a piece prepared twice is the same message).
     */
    public final class Prestarted {

        private final List<? extends Supplier<DispatchItem>> work;
        private final AtomicReferenceArray<Object> ready;
        private final AtomicInteger nextAhead = new AtomicInteger();
        private volatile boolean stopped;

        private Prestarted(List<? extends Supplier<DispatchItem>> work) {
            this.work = List.copyOf(work);
            this.ready = new AtomicReferenceArray<>(work.size());
        }

        /** Ends the preparing ahead (the piece being prepared on each thread is finished). */
        public void stop() {
            stopped = true;
        }

        int size() {
            return work.size();
        }

        private void prepareAhead() {
            try {
                for (int i = nextAhead.getAndIncrement();
                        !stopped && i < work.size();
                        i = nextAhead.getAndIncrement()) {
                    ready.set(i, ready(work.get(i).get()));
                }
            } catch (RuntimeException e) {
                stopped = true; // the failure shows again when the piece is sent
            }
        }

        private Object take(int i) {
            Object prepared = ready.getAndSet(i, null);
            return prepared != null ? prepared : ready(work.get(i).get());
        }
    }

    /** One user's outcome: withheld for a reason, or the result of sending. */
    private record Handled(WithholdReason withheld, DeliveryResult result) {}

    /** How the sends go right now: the gate's limits and counts. */
    public SendGate.Snapshot sending() {
        return sender.gate().snapshot();
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
    public record Outcomes(List<DeliveryResult> delivered, List<DeliveryResult> failed, List<WithholdReason> withheld) {

        public Outcomes {
            delivered = List.copyOf(delivered);
            failed = List.copyOf(failed);
            withheld = List.copyOf(withheld);
        }

        /**
         * For the operator when some sends failed: how many of how many, and the first one's status and
         * reason ({@code "3 of 500 sends failed (e.g. status 503: Service Unavailable)"}); empty when none did.
         */
        public Optional<String> failures() {
            if (failed.isEmpty()) {
                return Optional.empty();
            }
            SendOutcome first = failed.get(0).outcome();
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%d of %d sends failed (e.g. status %d: %s)",
                    failed.size(),
                    delivered.size() + failed.size(),
                    first.status(),
                    first.reason()));
        }
    }
}
