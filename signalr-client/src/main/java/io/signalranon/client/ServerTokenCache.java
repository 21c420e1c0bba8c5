package io.signalranon.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server tokens by audience, reused until {@value #REFRESH_BEFORE_EXPIRY_SECONDS} seconds before
 * they expire. Bounded: when it holds {@code maxEntries} audiences it starts afresh. Thread-safe.
 */
final class ServerTokenCache {

    static final long REFRESH_BEFORE_EXPIRY_SECONDS = 300;

    private final AccessTokens tokens;
    private final Clock clock;
    private final int maxEntries;
    private final Duration reuseFor;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    ServerTokenCache(AccessTokens tokens, Clock clock, int maxEntries) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        Duration margin = Duration.ofSeconds(REFRESH_BEFORE_EXPIRY_SECONDS);
        Duration lifetime = tokens.restLifetime();
        this.reuseFor = lifetime.compareTo(margin.multipliedBy(2)) > 0 ? lifetime.minus(margin) : lifetime.dividedBy(2);
    }

    String tokenFor(URI requestUrl) {
        String audience = AccessTokens.audienceOf(requestUrl);
        Instant now = clock.instant();
        Entry entry = entries.get(audience);
        if (entry != null && now.isBefore(entry.refreshAt())) {
            return entry.token();
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry fresh = new Entry(tokens.forRequest(requestUrl), now.plus(reuseFor));
        entries.put(audience, fresh);
        return fresh.token();
    }

    int size() {
        return entries.size();
    }

    private record Entry(String token, Instant refreshAt) {
    }
}
