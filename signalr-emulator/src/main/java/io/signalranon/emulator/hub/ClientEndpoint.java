package io.signalranon.emulator.hub;

import io.signalranon.emulator.auth.AccessTokenCheck;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The client side of the emulator on the REST port: WebSocket upgrades at {@code /client/},
 * pings every {@code pingInterval} to every open socket, and the close record on shutdown.
 */
public final class ClientEndpoint {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_INBOUND_TEXT = 64 * 1024;
    private static final long SHUTDOWN_WAIT_MILLIS = 1000;

    private final HubConnections connections;
    private final AccessTokenCheck tokens;
    private final Duration pingInterval;
    private final ScheduledExecutorService pinger;

    public ClientEndpoint(HubConnections connections, AccessTokenCheck tokens, Duration pingInterval) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
        this.pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signalr-emulator-pings");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Wraps {@code next} so that upgrades at {@code /client/} become hub sockets; other requests go on to it. */
    public Handler wrap(Server server, Handler next) {
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.setMaxTextMessageSize(MAX_INBOUND_TEXT);
            container.addMapping("/client/*", new ClientSocketCreator(tokens, connections));
        });
        upgrades.setHandler(next);
        return upgrades;
    }

    /** Starts the pings. */
    public void start() {
        long millis = pingInterval.toMillis();
        pinger.scheduleAtFixedRate(
                () -> connections.all().forEach(socket -> socket.send(HubSocket.PING)),
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the pings and closes every socket with the close record, waiting a moment for the frames to leave. */
    public void shutdown() {
        pinger.shutdownNow();
        List<HubSocket> open = connections.all();
        open.forEach(HubSocket::shutdown);
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MILLIS;
        try {
            for (HubSocket socket : open) {
                if (!socket.awaitClosed(Math.max(0, deadline - System.currentTimeMillis()))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
