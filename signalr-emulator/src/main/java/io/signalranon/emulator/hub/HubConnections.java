package io.signalranon.emulator.hub;

import io.signalranon.emulator.rest.Presence;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The client connections of every hub: negotiated ones waiting for their socket (for at most the
 * connect window, as the service does), and open ones by hub and user. Hubs are keyed lower-cased,
 * user ids compared exactly. Thread-safe.
 */
public final class HubConnections implements Presence {

    private static final int PURGE_THRESHOLD = 1024;

    private final Clock clock;
    private final Duration connectWindow;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingConnection> pending = new ConcurrentHashMap<>();
    private final Set<String> attached = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<HubSocket>> byHub = new ConcurrentHashMap<>();
    private final Map<String, Set<HubSocket>> byHubAndUser = new ConcurrentHashMap<>();

    public HubConnections(Clock clock, Duration connectWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connectWindow = Objects.requireNonNull(connectWindow, "connectWindow");
    }

    /** The outcome of presenting a connection token at connect. */
    public sealed interface Claim {}

    /** The token was negotiated for this hub within the window and had no socket yet. */
    public record Claimed(PendingConnection connection) implements Claim {}

    /** No connection has this token for this hub, or its window has passed: 404. */
    public record Unknown(String reason) implements Claim {}

    /** A socket already holds this token: 409. */
    public record Taken() implements Claim {}

    /** Registers a negotiated connection and returns its fresh ids. */
    public PendingConnection negotiate(String hub, @Nullable String userId) {
        if (pending.size() > PURGE_THRESHOLD) {
            pending.values().removeIf(this::expired);
        }
        PendingConnection connection =
                new PendingConnection(randomId(), randomId(), hub.toLowerCase(Locale.ROOT), userId, clock.instant());
        pending.put(connection.connectionToken(), connection);
        return connection;
    }

    /** Takes a negotiated connection for its socket; a token can be claimed once. */
    public Claim claim(String connectionToken, String hub) {
        if (attached.contains(connectionToken)) {
            return new Taken();
        }
        PendingConnection connection = pending.remove(connectionToken);
        if (connection == null) {
            return new Unknown("no negotiated connection has this id");
        }
        if (expired(connection)) {
            return new Unknown(
                    "the connection was negotiated more than " + connectWindow.toSeconds() + " s ago: negotiate again");
        }
        if (!connection.hub().equals(hub.toLowerCase(Locale.ROOT))) {
            return new Unknown("the connection was negotiated for another hub");
        }
        if (!attached.add(connectionToken)) {
            return new Taken();
        }
        return new Claimed(connection);
    }

    /** Makes a socket reachable, once its handshake succeeded. */
    void opened(HubSocket socket) {
        PendingConnection connection = socket.connection();
        add(byHub, connection.hub(), socket);
        if (connection.userId() != null) {
            add(byHubAndUser, userKey(connection.hub(), connection.userId()), socket);
        }
    }

    /** Forgets a socket at once, so that user-exists turns 404. */
    void closed(HubSocket socket) {
        PendingConnection connection = socket.connection();
        attached.remove(connection.connectionToken());
        remove(byHub, connection.hub(), socket);
        if (connection.userId() != null) {
            remove(byHubAndUser, userKey(connection.hub(), connection.userId()), socket);
        }
    }

    /** The open sockets of {@code userId} in {@code hub}. */
    public List<HubSocket> ofUser(String hub, String userId) {
        Set<HubSocket> sockets = byHubAndUser.get(userKey(hub.toLowerCase(Locale.ROOT), userId));
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** The open sockets of {@code hub}. */
    public List<HubSocket> ofHub(String hub) {
        Set<HubSocket> sockets = byHub.get(hub.toLowerCase(Locale.ROOT));
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** Every open socket. */
    public List<HubSocket> all() {
        List<HubSocket> sockets = new ArrayList<>();
        byHub.values().forEach(sockets::addAll);
        return sockets;
    }

    /** How many sockets are open. */
    public int openCount() {
        return byHub.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public boolean hasUser(String hub, String userId) {
        Set<HubSocket> sockets = byHubAndUser.get(userKey(hub.toLowerCase(Locale.ROOT), userId));
        return sockets != null && !sockets.isEmpty();
    }

    private boolean expired(PendingConnection connection) {
        return connection.negotiatedAt().plus(connectWindow).isBefore(clock.instant());
    }

    private static void add(Map<String, Set<HubSocket>> map, String key, HubSocket socket) {
        map.compute(key, (k, sockets) -> {
            Set<HubSocket> set = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
            set.add(socket);
            return set;
        });
    }

    private static void remove(Map<String, Set<HubSocket>> map, String key, HubSocket socket) {
        map.computeIfPresent(key, (k, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    private static String userKey(String hub, String userId) {
        return hub + '\u0000' + userId;
    }

    /** 16 random bytes, base64url without padding: safe in a query string unencoded. */
    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
