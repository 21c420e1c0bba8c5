package io.signalranon.emulator.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the emulator does wrong on purpose, reproducibly: rates of failure answers, dropped
 * connections, added latency, and "fail the first N attempts for a user". One seeded
 * {@link java.util.Random} draws every random choice, so the same sequence of requests meets the
 * same faults. Health checks are never faulted; faulted requests are not accepted messages.
 *
 * @param seed seed of the random draws
 * @param throttleWithRetryAfterRate share of requests answered 429 with {@code Retry-After: 1}
 * @param throttleRate share of requests answered 429 without {@code Retry-After}
 * @param unavailableRate share of requests answered 503
 * @param serverErrorRate share of requests answered 500
 * @param dropRate share of requests whose connection is closed without a response
 * @param latency delay added to every request
 * @param latencyJitter upper bound of a random delay added on top of {@code latency}
 * @param failFirst users whose first attempts fail, checked before the rates
 */
public record FaultPlan(
        long seed,
        double throttleWithRetryAfterRate,
        double throttleRate,
        double unavailableRate,
        double serverErrorRate,
        double dropRate,
        Duration latency,
        Duration latencyJitter,
        List<FailFirst> failFirst) {

    /** No faults. */
    public static final FaultPlan NONE = builder().build();

    public FaultPlan {
        requireRate("throttleWithRetryAfterRate", throttleWithRetryAfterRate);
        requireRate("throttleRate", throttleRate);
        requireRate("unavailableRate", unavailableRate);
        requireRate("serverErrorRate", serverErrorRate);
        requireRate("dropRate", dropRate);
        double total = throttleWithRetryAfterRate + throttleRate + unavailableRate + serverErrorRate + dropRate;
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the fault rates must add up to at most 1, got " + total);
        }
        requireDelay("latency", latency);
        requireDelay("latencyJitter", latencyJitter);
        failFirst = List.copyOf(Objects.requireNonNull(failFirst, "failFirst"));
        if (failFirst.stream().map(FailFirst::userId).distinct().count() != failFirst.size()) {
            throw new IllegalArgumentException("failFirst must name each user once");
        }
    }

    /** A builder starting from no faults and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sum of the failure rates. */
    public double totalRate() {
        return throttleWithRetryAfterRate + throttleRate + unavailableRate + serverErrorRate + dropRate;
    }

    /** Whether this plan never changes a request. */
    public boolean isNone() {
        return totalRate() == 0 && latency.isZero() && latencyJitter.isZero() && failFirst.isEmpty();
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be from 0 to 1, got " + rate);
        }
    }

    private static void requireDelay(String name, Duration delay) {
        Objects.requireNonNull(delay, name);
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(name + " must be from 0 to 5 minutes, got " + delay);
        }
    }

    /**
     * The first {@code attempts} requests about {@code userId} get {@code status} (0 = the
     * connection is dropped).
     *
     * @param userId the user id, as decoded from the path
     * @param attempts how many attempts fail, at least 1
     * @param status 0, or an HTTP status from 400 to 599
     */
    public record FailFirst(String userId, int attempts, int status) {

        public FailFirst {
            if (userId == null || userId.isEmpty()) {
                throw new IllegalArgumentException("failFirst user id must not be empty");
            }
            if (attempts < 1) {
                throw new IllegalArgumentException("failFirst attempts must be >= 1, got " + attempts);
            }
            if (status != 0 && (status < 400 || status > 599)) {
                throw new IllegalArgumentException(
                        "failFirst status must be 0 (drop) or from 400 to 599, got " + status);
            }
        }
    }

    /** Builds a {@link FaultPlan}; values are checked by {@link #build()}. */
    public static final class Builder {

        private long seed;
        private double throttleWithRetryAfterRate;
        private double throttleRate;
        private double unavailableRate;
        private double serverErrorRate;
        private double dropRate;
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private final List<FailFirst> failFirst = new ArrayList<>();

        private Builder() {}

        /** Seed of the random draws; 0 by default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Share of requests answered 429 with {@code Retry-After: 1}. */
        public Builder throttleWithRetryAfter(double rate) {
            this.throttleWithRetryAfterRate = rate;
            return this;
        }

        /** Share of requests answered 429 without {@code Retry-After}. */
        public Builder throttle(double rate) {
            this.throttleRate = rate;
            return this;
        }

        /** Share of requests answered 503. */
        public Builder unavailable(double rate) {
            this.unavailableRate = rate;
            return this;
        }

        /** Share of requests answered 500. */
        public Builder serverError(double rate) {
            this.serverErrorRate = rate;
            return this;
        }

        /** Share of requests whose connection is closed without a response. */
        public Builder drop(double rate) {
            this.dropRate = rate;
            return this;
        }

        /** Delay added to every request. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Upper bound of a uniformly random delay added on top of {@link #latency(Duration)}. */
        public Builder latencyJitter(Duration latencyJitter) {
            this.latencyJitter = latencyJitter;
            return this;
        }

        /** The first {@code attempts} requests about {@code userId} get {@code status} (0 = dropped connection). */
        public Builder failFirst(String userId, int attempts, int status) {
            this.failFirst.add(new FailFirst(userId, attempts, status));
            return this;
        }

        /**
         * Builds the plan.
         *
         * @throws IllegalArgumentException naming the broken rule
         */
        public FaultPlan build() {
            return new FaultPlan(
                    seed,
                    throttleWithRetryAfterRate,
                    throttleRate,
                    unavailableRate,
                    serverErrorRate,
                    dropRate,
                    latency,
                    latencyJitter,
                    failFirst);
        }
    }
}
