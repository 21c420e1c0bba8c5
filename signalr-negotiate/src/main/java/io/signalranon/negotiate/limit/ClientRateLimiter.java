package io.signalranon.negotiate.limit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A token bucket per client address (an IPv6 address counts by its /64 network, which one client
 * usually holds whole): {@code perSecond} on average, {@code burst} at once. Memory is
 * bounded: past {@code maxClients} tracked addresses, those whose bucket has refilled are dropped
 * (they would be allowed anyway), and when every one is still busy, all are forgotten (a flood
 * from that many addresses is not held back by a per-address limit anyway). Thread-safe.
 */
public final class ClientRateLimiter {

    /** How many addresses are tracked before idle ones are dropped, unless told otherwise. */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
    public Optional<Duration> acquire(String clientAddress) {
        String client = key(clientAddress);
        long now = clock.millis();
        if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
            if (buckets.size() >= maxClients) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now);
    }

    /** The bucket's key of an address: an IPv6 address's /64 network, else the address as given. */
    static String key(String address) {
        String literal =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.indexOf(':') < 0 || !IPV6.matcher(literal).matches()) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
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
