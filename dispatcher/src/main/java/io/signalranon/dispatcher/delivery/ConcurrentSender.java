package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of {@link Work} concurrently on {@code threads} send threads (each may first decide
 * its user's message), each message given its turn by the {@link RetryingSender}, whose
 * {@link SendGate} sets how many are in flight (at most {@code threads}), and tells a systemic
 * failure from per-message failures. A message that must wait before its next attempt does not hold
 * the batch up: it comes back {@linkplain Outcomes#deferred() deferred}, for the caller to keep and
 * send again when due. Shared by every writer that sends: it never throws for a single message's
 * failure, only {@link SystemicDeliveryException} when sending cannot work for anyone.
 *
 * <p>While a batch is sent, the calling thread hands the messages delivered so far to the caller
 * (woken by the send threads every {@link #HAND_OVER_BATCH} deliveries, and when the batch ends),
 * watches for stalls, and asks {@code stopRequested} at most every {@link #WATCH_INTERVAL}: once it
 * says yes, the gate is {@linkplain SendGate#stop() stopped}, sends waiting for it end deferred, and
 * the batch ends as soon as the sends in flight have.
 */
public final class ConcurrentSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentSender.class);
    /** Delivered messages handed to the caller at once, while the sends go on. */
    static final int HAND_OVER_BATCH = 50;
    /** How often the calling thread checks for stalls and for a stop while a batch is sent. */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

    private final RetryingSender sender;
    private final int concurrency; // send threads
    private final SendObserver observer;
    private final SystemicFailureDetector detector;
    private final StallWatch stallWatch;
    private final BooleanSupplier stopRequested;
    private @Nullable ExecutorService executor;

    public ConcurrentSender(RetryingSender sender, int concurrency) {
        this(sender, concurrency, SendObserver.NONE, StallWatch.none(), () -> false);
    }

    /**
     * @param observer told of sends in flight, the concurrency, each message's result and each user withheld
     * @param stallWatch hears the {@code sender}'s attempts (it must be among its observers), says when sends wait
     *     long and fails a batch that nothing answers
     * @param stopRequested whether the step is to stop (asked on the calling thread while a batch is sent)
     */
    public ConcurrentSender(
            RetryingSender sender,
            int concurrency,
            SendObserver observer,
            StallWatch stallWatch,
            BooleanSupplier stopRequested) {
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
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
    }

    /** One piece of work of a batch: a user to decide (and send to), or a message to send again. */
    public sealed interface Work permits Decide, Retry {}

    /** Decide what a user gets ({@link DispatchItem}: a message, or nothing and why), then send it. */
    public record Decide(Supplier<DispatchItem> decision) implements Work {

        public Decide {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** Send a decided message again, due at {@code dueAt}, with what it used so far. */
    public record Retry(OutgoingMessage message, RetryingSender.Progress progress, Instant dueAt) implements Work {

        public Retry {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(dueAt, "dueAt");
        }

        /** The work of sending a deferred message again. */
        public static Retry of(RetryingSender.Deferred deferred) {
            return new Retry(deferred.message(), deferred.progress(), deferred.dueAt());
        }
    }

    /** A piece of work ready to send: nothing for the user, or the message with its next attempt built. */
    private sealed interface Ready permits NoMessage, ToSend {}

    private record NoMessage(WithholdReason reason) implements Ready {}

    private record ToSend(RetryingSender.Prepared prepared) implements Ready {}

    /** What became of a piece of work. */
    private sealed interface Handled permits Withheld, Sent {}

    private record Withheld(WithholdReason reason) implements Handled {}

    private record Sent(RetryingSender.Turn turn) implements Handled {}

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

    /** The wall clock of due times. */
    public Clock clock() {
        return sender.clock();
    }

    /**
     * Runs each piece of work on the send threads (deciding what a user gets, which may be nothing),
     * sends the messages it yields, and waits for their turns to end.
     *
     * @throws SystemicDeliveryException when the outcomes show that sending cannot work for anyone
     */
    public Outcomes sendAll(List<? extends Work> work) {
        return sendAll(work, delivered -> {});
    }

    /**
     * Like {@link #sendAll(List)}, and while the sends go on, hands the messages delivered so far to
     * {@code onDelivered} on the calling thread, in batches (so that the caller can record them in its
     * transaction meanwhile); every delivered message is handed over once before this returns.
     */
    public Outcomes sendAll(List<? extends Work> work, Consumer<List<DeliveryResult>> onDelivered) {
        return sendAll(new Prestarted(work), onDelivered);
    }

    /**
     * Like {@link #sendAll(Prestarted, Consumer)} (with those of {@code later} that are due already), and
     * then, while messages come back deferred (or {@code later} ones wait) and the step is not stopping,
     * waits until the first of them is due and sends those due, until none is left: for a batch after
     * which nothing else is sent (the step's last chunk, a reprocess chunk). What is still deferred when a
     * stop cut it short is in the outcomes' {@link Outcomes#deferred()}.
     */
    public Outcomes sendAllToTheEnd(Prestarted first, List<Retry> later, Consumer<List<DeliveryResult>> onDelivered) {
        return sendAllWaiting(first, later, onDelivered, true);
    }

    /**
     * Like {@link #sendAll(Prestarted, Consumer)} (with those of {@code later} that are due already), and
     * then waits for each of the others to be due and sends it (unless the step is stopping); what comes
     * back deferred is not waited for but returned in the outcomes' {@link Outcomes#deferred()}, for a
     * later batch: for a chunk of messages left pending.
     */
    public Outcomes sendAllDue(Prestarted first, List<Retry> later, Consumer<List<DeliveryResult>> onDelivered) {
        return sendAllWaiting(first, later, onDelivered, false);
    }

    private Outcomes sendAllWaiting(
            Prestarted first, List<Retry> later, Consumer<List<DeliveryResult>> onDelivered, boolean toTheEnd) {
        Instant start = clock().instant();
        List<Work> waiting = new ArrayList<>();
        List<Work> dueNow = new ArrayList<>();
        later.forEach(retry -> (isDue(retry, start) ? dueNow : waiting).add(retry));
        List<RetryingSender.Deferred> deferred = new ArrayList<>();
        Outcomes outcomes = sendRound(first.plus(dueNow), onDelivered); // those due now go with the first
        Outcomes total = outcomes.finishedOnly();
        while (true) {
            if (toTheEnd) {
                outcomes.deferred().forEach(d -> waiting.add(Retry.of(d)));
            } else {
                deferred.addAll(outcomes.deferred());
            }
            if (waiting.isEmpty() || !waitUntilDue(waiting)) {
                break;
            }
            Instant now = clock().instant();
            List<Work> due = waiting.stream().filter(w -> isDue(w, now)).toList();
            waiting.removeAll(due);
            outcomes = sendRound(new Prestarted(due), onDelivered);
            total = total.plus(outcomes.finishedOnly());
        }
        detector.check(total.delivered(), total.failed()); // the batch as a whole: a round of a few retries is not
        deferred.addAll(deferredOf(waiting));
        return total.plus(new Outcomes(List.of(), List.of(), List.of(), deferred));
    }

    /** Work to give to {@link #sendAll(Prestarted, Consumer)} as is, nothing of it prepared ahead. */
    public Prestarted unstarted(List<? extends Work> work) {
        return new Prestarted(work);
    }

    /** Whether the sends were stopped: the step is stopping, and sends nothing more. */
    public boolean stopped() {
        return sender.gate().stopped();
    }

    private static boolean isDue(Work work, Instant now) {
        return !(work instanceof Retry retry) || !retry.dueAt().isAfter(now);
    }

    private static List<RetryingSender.Deferred> deferredOf(List<Work> work) {
        return work.stream()
                .map(w -> (Retry) w)
                .map(r -> new RetryingSender.Deferred(r.message(), r.progress(), r.dueAt()))
                .toList();
    }

    /** Waits until the first of {@code waiting} is due; {@code false} when a stop came first. */
    private boolean waitUntilDue(List<Work> waiting) {
        Instant first = waiting.stream()
                .map(w -> ((Retry) w).dueAt())
                .min(Comparator.naturalOrder())
                .orElseThrow();
        while (true) {
            if (stopRequested.getAsBoolean() || sender.gate().stopped()) {
                sender.gate().stop();
                return false;
            }
            long nanos = Duration.between(clock().instant(), first).toNanos();
            if (nanos <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(nanos, WATCH_INTERVAL.toNanos()));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for deferred messages");
            }
        }
    }

    /**
     * Starts the work of a chunk that is not to be sent yet on the idle send threads: each piece is
     * decided and its first attempt built (see {@link RetryingSender#prepare}), and nothing is sent
     * until the returned work is given to {@link #sendAll(Prestarted, Consumer)}. Dropped, it sends
     * nothing; {@link Prestarted#stop()} ends the preparing.
     */
    public Prestarted prestart(List<? extends Work> work) {
        ExecutorService threads = openExecutor();
        Prestarted prestarted = new Prestarted(work);
        for (int t = 0; t < Math.min(wanted(), work.size()); t++) {
            threads.execute(prestarted::prepareAhead);
        }
        return prestarted;
    }

    /** Like {@link #sendAll(List, Consumer)} for work that may have been {@linkplain #prestart prestarted}. */
    public Outcomes sendAll(Prestarted prestarted, Consumer<List<DeliveryResult>> onDelivered) {
        Outcomes outcomes = sendRound(prestarted, onDelivered);
        detector.check(outcomes.delivered(), outcomes.failed());
        return outcomes;
    }

    /** One round of sends, not judged for a systemic failure yet. */
    private Outcomes sendRound(Prestarted prestarted, Consumer<List<DeliveryResult>> onDelivered) {
        ExecutorService threads = openExecutor();
        prestarted.stop();
        Round round = new Round(prestarted, threads, Thread.currentThread());
        round.start();
        stallWatch.chunkStarted();
        try {
            handOver(round, onDelivered);
        } catch (RuntimeException e) {
            round.giveUp();
            round.ended.handle((done, failure) -> null).join(); // no send of this round may outlive it
            throw e;
        }
        List<DeliveryResult> delivered = new ArrayList<>(round.handled.length());
        List<DeliveryResult> failed = new ArrayList<>();
        List<WithholdReason> withheld = new ArrayList<>();
        List<RetryingSender.Deferred> deferred = new ArrayList<>();
        for (int i = 0; i < round.handled.length(); i++) {
            Handled one = round.handled.get(i);
            if (one instanceof Withheld none) {
                withheld.add(none.reason());
            } else if (((Sent) one).turn() instanceof RetryingSender.Finished finished) {
                (finished.result().delivered() ? delivered : failed).add(finished.result());
            } else {
                deferred.add((RetryingSender.Deferred) ((Sent) one).turn());
            }
        }
        return new Outcomes(delivered, failed, withheld, deferred);
    }

    private ExecutorService openExecutor() {
        if (executor == null) {
            throw new IllegalStateException("not open");
        }
        return executor;
    }

    /** Send threads worth keeping busy now: as many as the gate lets send. A thread more would only wait at it. */
    private int wanted() {
        return Math.min(concurrency, Math.max(1, sender.gate().concurrencyLimit()));
    }

    /**
     * The sends of one batch: workers on the send threads, each taking the next piece of work until
     * none is left (no queue hand-off per message; outcomes land in work order). There are as many
     * workers as {@link #wanted()}: one that ends a send starts more while the limit grows, and leaves
     * while there are more than wanted (never the last one). The round has {@linkplain #ended ended}
     * when the last worker has, that is, when every piece taken has been handled.
     */
    private final class Round {

        private final Prestarted work;
        private final ExecutorService threads;
        private final Thread caller;
        private final AtomicReferenceArray<Handled> handled;
        private final Queue<DeliveryResult> deliveredSoFar = new ConcurrentLinkedQueue<>();
        private final AtomicInteger deliveredCount = new AtomicInteger();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger(); // pieces handled
        private final AtomicInteger sending = new AtomicInteger();
        private final AtomicInteger workers = new AtomicInteger();
        private final Set<Thread> sendThreads = ConcurrentHashMap.newKeySet();
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private final CompletableFuture<@Nullable Void> ended = new CompletableFuture<>();

        private Round(Prestarted work, ExecutorService threads, Thread caller) {
            this.work = work;
            this.threads = threads;
            this.caller = caller;
            this.handled = new AtomicReferenceArray<>(work.size());
            ended.whenComplete((done, failed) -> LockSupport.unpark(caller));
        }

        private void start() {
            if (handled.length() == 0) {
                ended.complete(null);
            } else {
                addWorkers();
            }
        }

        /**
         * Starts workers until {@link #wanted()} run, or one per piece not yet handled (a worker sending a piece
         * takes the next one only once it is done: counting only the pieces not yet taken would leave one of
         * a few to wait for a send to end).
         */
        private void addWorkers() {
            for (int running = workers.get();
                    running < wanted() && running < handled.length() - done.get();
                    running = workers.get()) {
                if (workers.compareAndSet(running, running + 1)) {
                    try {
                        threads.execute(this::work);
                    } catch (RuntimeException e) { // shut down: this worker never runs
                        failure.compareAndSet(null, e);
                        leave();
                        return;
                    }
                }
            }
        }

        /** Leaves the round when more workers run than wanted; the last one stays. */
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
                for (int i = next.getAndIncrement(); i < handled.length(); i = next.getAndIncrement()) {
                    sending.incrementAndGet();
                    Handled one;
                    try {
                        one = handle(work.take(i));
                    } finally {
                        sending.decrementAndGet();
                    }
                    handled.set(i, one);
                    done.incrementAndGet();
                    if (one instanceof Sent sent
                            && sent.turn() instanceof RetryingSender.Finished finished
                            && finished.result().delivered()) {
                        deliveredSoFar.add(finished.result());
                        if (deliveredCount.incrementAndGet() % HAND_OVER_BATCH == 0) {
                            LockSupport.unpark(caller);
                        }
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
                Thread.interrupted(); // a round given up interrupts its sends; the next starts clear
                if (!surplus) {
                    leave();
                }
            }
        }

        /** One worker fewer; the last one ends the round. */
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

        /** Starts no other send of this round, and retries none of those in flight. */
        private void giveUp() {
            next.set(handled.length());
            sendThreads.forEach(Thread::interrupt);
        }
    }

    /**
     * Waits for the round's sends, handing over what was delivered whenever a batch of it is there (the
     * send threads wake this thread then, and when the round ends), and watching for stalls and a stop.
     */
    private void handOver(Round round, Consumer<List<DeliveryResult>> onDelivered) {
        List<DeliveryResult> batch = new ArrayList<>();
        long nextWatch = 0;
        while (true) {
            boolean done = round.ended.isDone();
            long now = System.nanoTime();
            if (!done && now - nextWatch >= 0) {
                nextWatch = now + WATCH_INTERVAL.toNanos();
                stallWatch.check(round.sending.get()).ifPresent(line -> log.warn("{}", line));
                if (!sender.gate().stopped() && stopRequested.getAsBoolean()) {
                    sender.gate().stop();
                }
            }
            for (DeliveryResult result = round.deliveredSoFar.poll();
                    result != null;
                    result = round.deliveredSoFar.poll()) {
                batch.add(result);
            }
            if (batch.size() >= HAND_OVER_BATCH || (done && !batch.isEmpty())) {
                onDelivered.accept(List.copyOf(batch));
                batch.clear();
            }
            if (done) {
                break;
            }
            LockSupport.parkNanos(round.ended, Math.max(1, nextWatch - System.nanoTime()));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending");
            }
        }
        try {
            round.ended.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private Handled handle(Ready ready) {
        if (ready instanceof NoMessage none) {
            observer.withheld(none.reason());
            return new Withheld(none.reason());
        }
        observer.inFlight(1);
        RetryingSender.Turn turn;
        try {
            turn = sender.send(((ToSend) ready).prepared());
        } finally {
            observer.inFlight(-1);
        }
        if (turn instanceof RetryingSender.Finished finished) {
            observer.finished(finished.result());
        }
        observer.concurrency(sender.gate().concurrencyLimit());
        return new Sent(turn);
    }

    /** What a piece of work yields, ready to send. */
    private Ready ready(Work work) {
        if (work instanceof Retry retry) {
            return new ToSend(sender.prepare(retry.message(), retry.progress()));
        }
        DispatchItem item = ((Decide) work).decision().get();
        return item instanceof DispatchItem.Send send
                ? new ToSend(sender.prepare(send.message()))
                : new NoMessage(((DispatchItem.Withheld) item).reason());
    }

    /**
     * The work of one batch, some of it possibly decided and built ahead by {@link #prestart}. A piece
     * is prepared ahead at most once and used at most once; a piece not prepared by the time it is sent is
     * prepared then (deciding and building are pure, so a piece prepared twice is the same message).
     */
    public final class Prestarted {

        private final List<Work> work;
        private final AtomicReferenceArray<@Nullable Ready> ready;
        private final AtomicInteger nextAhead = new AtomicInteger();
        private volatile boolean stopped;

        private Prestarted(List<? extends Work> work) {
            this.work = List.copyOf(work);
            this.ready = new AtomicReferenceArray<>(work.size());
        }

        /** Ends the preparing ahead (the piece being prepared on each thread is finished). */
        public void stop() {
            stopped = true;
        }

        /**
         * This work and {@code more} after it, as one batch, keeping what was prepared ahead; this one
         * prepares nothing more.
         */
        public Prestarted plus(List<? extends Work> more) {
            stop();
            if (more.isEmpty()) {
                return this;
            }
            List<Work> all = new ArrayList<>(work);
            all.addAll(more);
            Prestarted joined = new Prestarted(all);
            for (int i = 0; i < work.size(); i++) {
                joined.ready.set(i, ready.getAndSet(i, null));
            }
            return joined;
        }

        int size() {
            return work.size();
        }

        private void prepareAhead() {
            try {
                for (int i = nextAhead.getAndIncrement();
                        !stopped && i < work.size();
                        i = nextAhead.getAndIncrement()) {
                    ready.set(i, ready(work.get(i)));
                }
            } catch (RuntimeException e) {
                stopped = true; // the failure shows again when the piece is sent
            }
        }

        private Ready take(int i) {
            Ready prepared = ready.getAndSet(i, null);
            return prepared != null ? prepared : ready(work.get(i));
        }
    }

    /** How the sends go right now: the gate's limits and counts. */
    public SendGate.Snapshot sending() {
        return sender.gate().snapshot();
    }

    @Override
    public void close() {
        ExecutorService threads = executor;
        if (threads != null) {
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    /**
     * The outcomes of one batch, in the order the work was given within each list.
     *
     * @param delivered the messages delivered
     * @param failed the messages that failed permanently or ran out of attempts
     * @param withheld why the users that got no message got none
     * @param deferred the messages still to be sent, each when due
     */
    public record Outcomes(
            List<DeliveryResult> delivered,
            List<DeliveryResult> failed,
            List<WithholdReason> withheld,
            List<RetryingSender.Deferred> deferred) {

        static final Outcomes NONE = new Outcomes(List.of(), List.of(), List.of(), List.of());

        public Outcomes {
            delivered = List.copyOf(delivered);
            failed = List.copyOf(failed);
            withheld = List.copyOf(withheld);
            deferred = List.copyOf(deferred);
        }

        Outcomes plus(Outcomes other) {
            return new Outcomes(
                    concat(delivered, other.delivered),
                    concat(failed, other.failed),
                    concat(withheld, other.withheld),
                    concat(deferred, other.deferred));
        }

        Outcomes finishedOnly() {
            return new Outcomes(delivered, failed, withheld, List.of());
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
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
