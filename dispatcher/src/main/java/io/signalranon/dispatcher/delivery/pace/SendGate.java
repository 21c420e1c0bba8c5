package io.signalranon.dispatcher.delivery.pace;

import io.signalranon.client.SendOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Admits each HTTP attempt of the step (first attempts and retries alike) and learns from its
 * outcome how hard to drive the service. An attempt is admitted when, in this order:
 * <ol>
 *   <li>the gate is not {@linkplain #stop() stopped};</li>
 *   <li>no {@code Retry-After} pause is running (see below);</li>
 *   <li>fewer sends are in flight than the {@link ConcurrencyLimit};</li>
 *   <li>the rate allows it: the lower of {@code maxRate} and, once the service has throttled, the
 *       {@link ThrottleRate} learnt from its 429s (paced, with bursts of at most {@link #BURST}).</li>
 * </ol>
 *
 * <p><b>Noise or signal.</b> A service may throttle or fail a few sends at random, for reasons that
 * have nothing to do with our pace (another tenant, a partition moving). The gate keeps the outcomes
 * of the last second ({@link RecentOutcomes}) and reads each failure against them:
 * <ul>
 *   <li>a drop (429, 503, 504, 408, no response) cuts the concurrency limit, and a 429 the rate, only
 *       when drops (429s for the rate) are at least {@link #MIN_SIGNAL} and more than
 *       {@link #NOISE_SHARE} of the attempts that ended over the last second by more than chance
 *       ({@link #CHANCE_SIGMAS} standard deviations of as many answers drawn at that share); fewer are
 *       noise, which the caller retries for that message alone;</li>
 *   <li>a 429 or 503 with {@code Retry-After} pauses every send until then (capped at
 *       {@code maxRetryAfter}) only when most attempts of the last second (more than
 *       {@link #PAUSE_SHARE}, by more than chance likewise; so at least 10) were answered 429 or 503:
 *       the service is busy for everyone. Otherwise only that message waits ({@link #complete} says
 *       which).</li>
 * </ul>
 * The margin for chance matters most at a run's start, when few answers make the last second and a
 * 429 comes back at once while a delivery takes a round trip: 11 random 429s among the first 107
 * answers are more than a tenth of them, not a limit.
 * 2xx grows the limits; other outcomes (4xx but 408 and 429) leave them alone.
 *
 * <p>A service that throttles every call: once {@code giveUpAfter} has passed since a 429 with no
 * delivery since, the gate {@linkplain #givesUp(long) gives up} on waiting for the service: a
 * message that would have to wait for admission is not sent (its caller records it as failed, for
 * {@code reprocess}), so a run ends in bounded time instead of at the learnt rate's floor. An attempt
 * admitted without waiting still goes, so the gate keeps probing the service; one delivery ends the
 * giving up.
 *
 * <p>The decisions ({@link #tryAdmit(long)}, {@link #complete(Permit, long, SendOutcome)}) take the
 * time as an argument, so tests drive them with a fake clock; {@link #admit()} only waits for them.
 * Thread-safe.
 */
public final class SendGate {

    /** The longest burst the rate pacing lets through at once, as time at the rate. */
    static final Duration BURST = Duration.ofMillis(100);
    /** The share of the last second's attempts that failures must exceed to be a signal rather than noise. */
    public static final double NOISE_SHARE = 0.1;
    /** The share of the last second's attempts answered 429 or 503 beyond which a {@code Retry-After} pauses all. */
    public static final double PAUSE_SHARE = 0.5;
    /**
     * How far failures must exceed their share of the last second's attempts, in standard deviations of
     * as many attempts failing at random at that share, to be more than chance.
     */
    public static final double CHANCE_SIGMAS = 3;
    /**
     * The fewest drops (429s for the rate) of the last second that can be a signal: fewer are noise
     * whatever their share (one 429 among the first two answers of a run is half of them).
     */
    public static final int MIN_SIGNAL = 10;

    private final ConcurrencyLimit limit;
    private final @Nullable ThrottleRate throttleRate;
    private final double maxRate;
    private final long maxRetryAfterNanos;
    private final long giveUpAfterNanos;
    private final LongSupplier nanoClock;
    private final RecentOutcomes recent = new RecentOutcomes();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private volatile int concurrencyLimit; // the limit's value, read without the lock
    private volatile boolean stopped;
    private int inflight;
    private long pausedUntil;
    private boolean paused;
    private long nextAt; // pacing: when the next send is due at the rate; it may go a burst earlier
    private long throttled;
    private long admitted;
    private boolean timerWaiting; // one waiter waits for a time (pause, pacing); the others for a signal
    private boolean throttledOnly; // every attempt ended since throttledSince was throttled
    private long throttledSince;

    private SendGate(
            ConcurrencyLimit limit,
            double maxRate,
            Duration maxRetryAfter,
            Duration giveUpAfter,
            LongSupplier nanoClock) {
        if (!(maxRate > 0)) {
            throw new IllegalArgumentException("maxRate must be > 0 (infinite for none), got " + maxRate);
        }
        this.limit = limit;
        this.throttleRate = limit.adaptive() ? new ThrottleRate() : null;
        this.maxRate = maxRate;
        this.maxRetryAfterNanos =
                Objects.requireNonNull(maxRetryAfter, "maxRetryAfter").toNanos();
        this.giveUpAfterNanos =
                Objects.requireNonNull(giveUpAfter, "giveUpAfter").toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.nextAt = nanoClock.getAsLong();
        this.concurrencyLimit = limit.limit();
    }

    /**
     * A gate whose limits adapt: concurrency within {@code min..max}, starting at {@code initial}; it
     * gives up after {@link RetrySchedule#DEFAULT_MAX_THROTTLED_WAIT} of nothing but 429s.
     */
    public static SendGate adaptive(
            int min, int initial, int max, double maxRate, Duration maxRetryAfter, LongSupplier nanoClock) {
        return adaptive(min, initial, max, maxRate, maxRetryAfter, RetrySchedule.DEFAULT_MAX_THROTTLED_WAIT, nanoClock);
    }

    /** Like {@link #adaptive(int, int, int, double, Duration, LongSupplier)}, giving up after {@code giveUpAfter}. */
    public static SendGate adaptive(
            int min,
            int initial,
            int max,
            double maxRate,
            Duration maxRetryAfter,
            Duration giveUpAfter,
            LongSupplier nanoClock) {
        return new SendGate(
                ConcurrencyLimit.adaptive(min, initial, max), maxRate, maxRetryAfter, giveUpAfter, nanoClock);
    }

    /** A gate with a fixed concurrency (and {@code maxRate}, if finite); it still honours {@code Retry-After}. */
    public static SendGate fixed(int concurrency, double maxRate, Duration maxRetryAfter, LongSupplier nanoClock) {
        return fixed(concurrency, maxRate, maxRetryAfter, RetrySchedule.DEFAULT_MAX_THROTTLED_WAIT, nanoClock);
    }

    /** Like {@link #fixed(int, double, Duration, LongSupplier)}, giving up after {@code giveUpAfter}. */
    public static SendGate fixed(
            int concurrency, double maxRate, Duration maxRetryAfter, Duration giveUpAfter, LongSupplier nanoClock) {
        return new SendGate(ConcurrencyLimit.fixed(concurrency), maxRate, maxRetryAfter, giveUpAfter, nanoClock);
    }

    /**
     * Whether the gate gives up on the service at {@code now}: {@code giveUpAfter} or more has passed
     * since the first 429 after the last delivery, and nothing was delivered since.
     */
    public boolean givesUp(long now) {
        lock.lock();
        try {
            return givingUp(now);
        } finally {
            lock.unlock();
        }
    }

    private boolean givingUp(long now) {
        return throttledOnly && now - throttledSince >= giveUpAfterNanos;
    }

    /** Whether the gate paces throttled retries itself (it adapts), so they need no back-off of their own. */
    public boolean pacesThrottled() {
        return limit.adaptive();
    }

    /** The most sends this gate ever lets be in flight. */
    public int maxConcurrency() {
        return limit.max();
    }

    /** Sends allowed in flight now; read without waiting for the gate. */
    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    /** The gate's clock, in nanoseconds. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /**
     * Admits nothing from now on: every attempt waiting for admission, and every later one, is
     * {@linkplain Refused refused} at once (the step is stopping). Attempts in flight end as usual.
     */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopped;
    }

    /** What {@link #tryAdmit} decided: a {@link Permit}, {@link Wait} or {@link Refused}. */
    public sealed interface Admission permits Permit, Wait, Refused {}

    /**
     * Leave to make one attempt; give it back through {@link #complete}, once.
     *
     * @param startNanos when it was admitted
     * @param epoch the concurrency limit's epoch then
     * @param inflight sends in flight then, this one included
     */
    public record Permit(long startNanos, long epoch, int inflight) implements Admission {}

    /**
     * Not now.
     *
     * @param untilNanos when to ask again, or {@link Long#MAX_VALUE} for "when a send ends"
     */
    public record Wait(long untilNanos) implements Admission {}

    /** Not at all: the attempt must not be made. */
    public record Refused(Why why) implements Admission {}

    /** Why an attempt was refused. */
    public enum Why {
        /** The service answered nothing but 429 for {@code giveUpAfter}. */
        GAVE_UP,
        /** The gate was {@linkplain #stop() stopped}. */
        STOPPED
    }

    private static final Refused GAVE_UP = new Refused(Why.GAVE_UP);
    private static final Refused STOPPED = new Refused(Why.STOPPED);

    /** Decides whether an attempt may start at {@code now}; a permit counts as in flight until completed. */
    public Admission tryAdmit(long now) {
        lock.lock();
        try {
            if (stopped) {
                return STOPPED;
            }
            if (paused && now - pausedUntil < 0) {
                return new Wait(pausedUntil);
            }
            paused = false;
            if (inflight >= limit.limit()) {
                return new Wait(Long.MAX_VALUE);
            }
            double rate = rate();
            if (Double.isFinite(rate)) {
                long interval = (long) (1e9 / rate);
                long tolerance = Math.max(0, BURST.toNanos() / interval - 1) * interval;
                if (now - (nextAt - tolerance) < 0) {
                    return new Wait(nextAt - tolerance);
                }
                nextAt = Math.max(nextAt, now) + interval;
            }
            inflight++;
            admitted++;
            return new Permit(now, limit.epoch(), inflight);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an attempt may start, unless the gate {@linkplain #givesUp(long) gives up} or is
     * {@linkplain #stop() stopped} first.
     *
     * @return a {@link Permit}, or {@link Refused} (the attempt must not be made); never {@link Wait}
     * @throws InterruptedException when interrupted while waiting (no permit is held then; the wake-up
     *     it may have owed another waiter is passed on)
     */
    public Admission admit() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                Admission admission = tryAdmit(now);
                if (admission instanceof Permit) {
                    if (inflight < limit.limit()) {
                        changed.signal(); // room for one more: pass it on
                    }
                    return admission;
                }
                if (admission instanceof Refused) {
                    changed.signal(); // the next waiter is refused too
                    return admission;
                }
                if (givingUp(now)) {
                    changed.signal(); // the next waiter gives up too
                    return GAVE_UP;
                }
                await(now, ((Wait) admission).untilNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (holding the lock) for a signal, or, when no other waiter does and the wait has an end,
     * for that time: one waiter holds the timer and hands it on when it wakes, also when interrupted.
     */
    private void await(long now, long until) throws InterruptedException {
        try {
            if (until == Long.MAX_VALUE || timerWaiting) {
                if (throttledOnly) { // wake up when the gate would give up
                    changed.awaitNanos(Math.max(throttledSince + giveUpAfterNanos - now, 1));
                } else {
                    changed.await();
                }
            } else {
                timerWaiting = true;
                try {
                    changed.awaitNanos(Math.max(until - now, 1));
                } finally {
                    timerWaiting = false;
                }
                changed.signal(); // the next one takes over the timer, or the room
            }
        } catch (InterruptedException e) {
            changed.signal(); // a wake-up this waiter owed, or the timer it held, goes to the next one
            throw e;
        }
    }

    /** Ends an attempt admitted by this gate, now; see {@link #complete(Permit, long, SendOutcome)}. */
    public boolean complete(Permit permit, SendOutcome outcome) {
        return complete(permit, nanoClock.getAsLong(), outcome);
    }

    /**
     * Ends an attempt admitted by this gate, at {@code now}, learning from its outcome.
     *
     * @return whether every send now waits for a pause that covers this outcome's {@code Retry-After}
     *     (the message may simply ask for admission again); {@code false} when its {@code Retry-After},
     *     if any, is for that message alone
     */
    public boolean complete(Permit permit, long now, SendOutcome outcome) {
        lock.lock();
        try {
            int status = outcome.status();
            boolean drop = !outcome.delivered() && isDrop(status);
            recent.add(now, status == 429, status == 429 || status == 503, drop);
            boolean pausesAll = false;
            if (outcome.delivered()) {
                throttledOnly = false;
                limit.onSuccess(now, Math.max(inflight, permit.inflight()), now - permit.startNanos());
                if (throttleRate != null) {
                    throttleRate.onAccepted(now);
                }
            } else if (drop) {
                if (status == 429) {
                    throttled++;
                    if (!throttledOnly) {
                        throttledOnly = true;
                        throttledSince = now;
                    }
                }
                long ended = recent.ended(now);
                if (isSignal(recent.drops(now), ended)) {
                    limit.onDrop(permit.epoch());
                }
                if (status == 429 && throttleRate != null && isSignal(recent.throttled(now), ended)) {
                    throttleRate.onThrottled(now); // it decides itself how often to cut
                }
                if (outcome.retryAfter() != null && (status == 429 || status == 503)) {
                    long busy = recent.busy(now);
                    if (beyondChance(busy, ended, PAUSE_SHARE)) {
                        pause(now, outcome.retryAfter());
                    }
                    pausesAll = paused && pausedUntil - now > 0;
                }
            }
            concurrencyLimit = limit.limit();
            inflight--;
            changed.signal();
            return pausesAll;
        } finally {
            lock.unlock();
        }
    }

    private static boolean isSignal(long failures, long ended) {
        return failures >= MIN_SIGNAL && beyondChance(failures, ended, NOISE_SHARE);
    }

    /** Whether {@code failures} of {@code ended} attempts are more than {@code share} of them by more than chance. */
    static boolean beyondChance(long failures, long ended, double share) {
        double expected = share * ended;
        return failures > expected + CHANCE_SIGMAS * Math.sqrt(expected * (1 - share));
    }

    private void pause(long now, Duration retryAfter) {
        long until = now + Math.min(retryAfter.toNanos(), maxRetryAfterNanos);
        if (!paused || until - pausedUntil > 0) {
            if (throttleRate != null) {
                throttleRate.onPause(paused && pausedUntil - now > 0 ? pausedUntil : now, until);
            }
            pausedUntil = until;
            paused = true;
            changed.signalAll(); // waiters recompute their wait
        }
    }

    /** What the gate is doing now. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(limit.limit(), inflight, rate(), admitted, throttled);
        } finally {
            lock.unlock();
        }
    }

    private double rate() {
        return throttleRate == null ? maxRate : Math.min(maxRate, throttleRate.rate());
    }

    private static boolean isDrop(int status) {
        return status == 0 || status == 408 || status == 429 || status == 503 || status == 504;
    }

    /**
     * The gate's state at one moment.
     *
     * @param concurrencyLimit sends allowed in flight
     * @param inflight sends in flight
     * @param rateLimit sends/s allowed (infinite when none)
     * @param attempts attempts admitted so far
     * @param throttled attempts answered 429 so far
     */
    public record Snapshot(int concurrencyLimit, int inflight, double rateLimit, long attempts, long throttled) {}
}
