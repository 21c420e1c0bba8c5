package io.signalranon.emulator.fault;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Draws the {@link Fault} of each request from a {@link FaultPlan}. Every request consumes the
 * same number of random draws (one for jitter if any, one for the rates if any), so a sequential
 * run is reproducible from the seed. Thread-safe.
 */
public final class FaultInjector {

    private final FaultPlan plan;
    private final Random random;
    private final Map<String, FaultPlan.FailFirst> failFirst;
    private final Map<String, AtomicInteger> attempts;

    public FaultInjector(FaultPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.random = new Random(plan.seed());
        this.failFirst = plan.failFirst().stream()
                .collect(Collectors.toUnmodifiableMap(FaultPlan.FailFirst::userId, Function.identity()));
        this.attempts = plan.failFirst().stream()
                .collect(Collectors.toUnmodifiableMap(FaultPlan.FailFirst::userId, f -> new AtomicInteger()));
    }

    /** Whether no request is ever changed. */
    public boolean isNone() {
        return plan.isNone();
    }

    /**
     * The fault for one request.
     *
     * @param userId the user id the request is about, or {@code null}
     */
    public Fault next(@Nullable String userId) {
        if (plan.isNone()) {
            return Fault.NONE;
        }
        Duration delay = delay();
        Fault scripted = scripted(userId);
        if (scripted != null) {
            return scripted.withDelay(delay);
        }
        return drawn().withDelay(delay);
    }

    private Duration delay() {
        Duration delay = plan.latency();
        long jitterNanos = plan.latencyJitter().toNanos();
        if (jitterNanos > 0) {
            delay = delay.plusNanos((long) (random.nextDouble() * jitterNanos));
        }
        return delay;
    }

    private @Nullable Fault scripted(@Nullable String userId) {
        if (userId == null) {
            return null;
        }
        FaultPlan.FailFirst rule = failFirst.get(userId);
        if (rule == null
                || Objects.requireNonNull(attempts.get(userId), "every scripted user has its count")
                                .incrementAndGet()
                        > rule.attempts()) {
            return null;
        }
        return rule.status() == 0
                ? new Fault(Duration.ZERO, Fault.Action.DROP, 0, -1)
                : new Fault(Duration.ZERO, Fault.Action.RESPOND, rule.status(), -1);
    }

    private Fault drawn() {
        if (plan.totalRate() == 0) {
            return Fault.NONE;
        }
        double draw = random.nextDouble();
        double bound = plan.throttleWithRetryAfterRate();
        if (draw < bound) {
            return new Fault(Duration.ZERO, Fault.Action.RESPOND, 429, 1);
        }
        bound += plan.throttleRate();
        if (draw < bound) {
            return new Fault(Duration.ZERO, Fault.Action.RESPOND, 429, -1);
        }
        bound += plan.unavailableRate();
        if (draw < bound) {
            return new Fault(Duration.ZERO, Fault.Action.RESPOND, 503, -1);
        }
        bound += plan.serverErrorRate();
        if (draw < bound) {
            return new Fault(Duration.ZERO, Fault.Action.RESPOND, 500, -1);
        }
        bound += plan.dropRate();
        if (draw < bound) {
            return new Fault(Duration.ZERO, Fault.Action.DROP, 0, -1);
        }
        return Fault.NONE;
    }
}
