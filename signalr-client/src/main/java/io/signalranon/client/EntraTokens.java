package io.signalranon.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Entra ID token of one identity, cached and renewed before it expires, so that callers can ask
 * for it on every request: the {@link EntraCredential} is asked only when the token enters its
 * refresh window (the last half of its life, at most the last 5 minutes), by one caller while the
 * others go on with the still valid token, or when there is no valid token at all (then callers
 * wait for it). A failed renewal keeps the valid token and is tried again a little later; only a
 * caller with no valid token gets the failure. {@link #shared(EntraIdentity)} keeps one per identity
 * and process, so every client of a process shares one credential and one token. Thread-safe.
 *
 * <p>azure-identity's own cache hands out a token only while it has more than 5 minutes left and
 * asks the identity platform on every call after that: this cache is what keeps short-lived tokens
 * from being fetched per request.
 */
public final class EntraTokens {

    /** The most of a token's life that is spent renewing it. */
    static final Duration MAX_REFRESH_WINDOW = Duration.ofMinutes(5);
    /** A token this close to its expiry is not sent any more. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(2);
    /** The longest wait before a failed renewal is tried again. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** How often a rejected token may cause a renewal at most. */
    static final Duration FORCED_RENEWAL_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(EntraTokens.class);
    private static final ConcurrentMap<EntraIdentity, EntraTokens> SHARED = new ConcurrentHashMap<>();

    private final EntraCredential credential;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable Held held;
    private @Nullable Instant lastForced;
    private boolean failing;

    /** A cache over {@code credential}. */
    public EntraTokens(EntraCredential credential, Clock clock) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The process's cache for {@code identity}, created with its credential on first use.
     *
     * @throws IllegalStateException when {@code signalr-client-entra} is not on the class path
     */
    public static EntraTokens shared(EntraIdentity identity) {
        return SHARED.computeIfAbsent(identity, id -> new EntraTokens(EntraCredential.of(id), Clock.systemUTC()));
    }

    /** What the credential is, for messages. */
    public String describe() {
        return credential.describe();
    }

    /**
     * A valid token, from the cache unless it is due for renewal.
     *
     * @throws EntraTokenException when there is no valid token and none can be had now
     */
    public String token() {
        Held current = held;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.renewAt())) {
            return current.token().value();
        }
        if (current != null && current.validAt(now)) {
            if (lock.tryLock()) {
                try {
                    if (held == current) {
                        renewQuietly(current);
                    }
                } finally {
                    lock.unlock();
                }
            }
            Held latest = held;
            return (latest != null ? latest : current).token().value();
        }
        lock.lock();
        try {
            current = held;
            if (current != null && current.validAt(clock.instant())) {
                return current.token().value();
            }
            return store(fetch()).token().value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * After the service rejected {@code rejected}: a token to retry with once, or {@code null} when a
     * retry would not help (the same token again, a renewal shortly before, or no token to be had).
     */
    public @Nullable String renewAfterRejection(String rejected) {
        lock.lock();
        try {
            Held current = held;
            Instant now = clock.instant();
            if (current != null
                    && current.validAt(now)
                    && !current.token().value().equals(rejected)) {
                return current.token().value();
            }
            if (lastForced != null && now.isBefore(lastForced.plus(FORCED_RENEWAL_INTERVAL))) {
                return null;
            }
            lastForced = now;
            EntraToken fresh = fetch();
            store(fresh);
            return fresh.value().equals(rejected) ? null : fresh.value();
        } catch (EntraTokenException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void renewQuietly(Held current) {
        try {
            store(fetch());
            if (failing) {
                log.info("Renewed the Entra ID token of {} again", credential.describe());
                failing = false;
            }
        } catch (EntraTokenException e) {
            Instant now = clock.instant();
            Duration left = Duration.between(now, current.token().expiresAt());
            Duration retry = min(MAX_RETRY_DELAY, left.dividedBy(4));
            held = new Held(current.token(), now.plus(retry));
            if (!failing) {
                log.warn(
                        "Could not renew the Entra ID token ({}); the current one is valid for {} s more",
                        e.getMessage(),
                        left.toSeconds());
                failing = true;
            }
        }
    }

    private EntraToken fetch() {
        EntraToken token = credential.fetch();
        if (!token.expiresAt().isAfter(clock.instant().plus(EXPIRY_MARGIN))) {
            throw new EntraTokenException(
                    "the Entra ID token from " + credential.describe() + " expired at " + token.expiresAt());
        }
        return token;
    }

    private Held store(EntraToken token) {
        Instant now = clock.instant();
        Duration life = Duration.between(now, token.expiresAt());
        Held stored = new Held(token, token.expiresAt().minus(min(MAX_REFRESH_WINDOW, life.dividedBy(2))));
        held = stored;
        return stored;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A token and when to renew it. */
    private record Held(EntraToken token, Instant renewAt) {

        boolean validAt(Instant now) {
            return now.isBefore(token.expiresAt().minus(EXPIRY_MARGIN));
        }
    }
}
