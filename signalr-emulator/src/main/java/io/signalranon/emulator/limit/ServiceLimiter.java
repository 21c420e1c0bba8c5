package io.signalranon.emulator.limit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link ServiceLimits} to calls: decides at arrival whether a call is within the rate, and
 * answers it after its latency without holding a request thread meanwhile (a timer hands it back
 * to the server's threads when due). Thread-safe.
 */
public final class ServiceLimiter implements AutoCloseable {

    /** What to do with a call once its latency has passed. */
    public interface Answer {

        /** Handles the call as usual. */
        void proceed() throws Exception;

        /**
         * Answers 429.
         *
         * @param retryAfterSeconds the Retry-After to send, or -1 for none
         */
        void throttle(int retryAfterSeconds) throws Exception;

        /** Handling failed. */
        void failed(Throwable failure);
    }

    private final ServiceLimits limits;
    private final @Nullable TokenBucket bucket;
    private final @Nullable ScheduledExecutorService timer;

    public ServiceLimiter(ServiceLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.bucket = limits.bucket();
        this.timer = limits.latency().isZero()
                ? null
                : Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "signalr-emulator-latency");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Decides on one call now and answers it after its latency, on {@code executor}. */
    public void handle(Answer answer, Executor executor) {
        long wait = bucket == null ? 0 : bucket.tryTake();
        Runnable run = () -> {
            try {
                if (wait == 0) {
                    answer.proceed();
                } else {
                    answer.throttle(
                            limits.retryAfter()
                                    ? (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L))
                                    : -1);
                }
            } catch (Throwable e) {
                answer.failed(e);
            }
        };
        Duration delay = timer == null ? Duration.ZERO : limits.latency().next(ThreadLocalRandom.current());
        if (timer == null || delay.isZero()) {
            run.run();
        } else {
            timer.schedule(() -> executor.execute(run), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
