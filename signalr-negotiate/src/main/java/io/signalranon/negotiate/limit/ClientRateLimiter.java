package io.signalranon.negotiate.limit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code perSecond} on average, {@code burst} at once. Memory is
 * bounded: past {@code maxClients} tracked addresses, those whose bucket has refilled are dropped
 * (they would be allowed anyway), and when every one is still busy, all are forgotten (a flood
 * from that many addresses is not held back by a per-address limit anyway). Thread-safe.
 */
public final class ClientRateLimiter {

    /** How many addresses are tracked before idle ones are dropped, unless told otherwise. */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;

    private final double perSecond;
    private final int burst;
    private final Clock clock;
    private final int maxClients;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimiter(double perSecond, int burst, Clock clock) {
        this(perSecond, burst, clock, DEFAULT_MAX_CLIENTS);
    }

    public ClientRateLimiter(double perSecond, int burst, Clock clock, int maxClients) {
        if (!(perSecond > 0) || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("perSecond must be > 0, burst and maxClients >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxClients = maxClients;
    }

    /**
     * Takes one negotiate for {@code client}.
     *
     * @return empty when allowed, else how long until the next one is
     */
    public Optional<Duration> acquire(String client) {
        long now = clock.millis();
        if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
            if (buckets.size() >= maxClients) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now);
    }

    /** How many addresses are tracked. */
    public int trackedClients() {
        return buckets.size();
    }

    private final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) * 1000 / perSecond)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) * perSecond / 1000);
                updated = now;
            }
        }
    }
}
