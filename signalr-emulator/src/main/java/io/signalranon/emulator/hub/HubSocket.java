package io.signalranon.emulator.hub;

import io.signalranon.emulator.rest.JsonText;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client WebSocket speaking the JSON hub protocol: the handshake first
 * ({@code {"protocol":"json","version":1}}, answered {@code {}}, anything else answered with an
 * error and closed), then records from the server; client records other than close are ignored.
 * Public because Jetty calls it reflectively; sends are safe from any thread.
 */
public final class HubSocket extends Session.Listener.AbstractAutoDemanding {

    /** The record separator that ends every hub protocol record. */
    public static final char RECORD_SEPARATOR = '\u001e';

    static final String PING = "{\"type\":6}" + RECORD_SEPARATOR;
    private static final String CLOSE = "{\"type\":7}" + RECORD_SEPARATOR;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HubConnections connections;
    private final PendingConnection connection;
    private final CountDownLatch gone = new CountDownLatch(1);
    private volatile boolean handshaken;

    HubSocket(HubConnections connections, PendingConnection connection) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The negotiated connection this socket carries. */
    public PendingConnection connection() {
        return connection;
    }

    @Override
    public void onWebSocketText(String text) {
        int start = 0;
        for (int end = text.indexOf(RECORD_SEPARATOR); end >= 0; end = text.indexOf(RECORD_SEPARATOR, start)) {
            String record = text.substring(start, end);
            start = end + 1;
            if (!handshaken) {
                handshake(record);
            } else if (isClose(record)) {
                getSession().close(1000, null, Callback.NOOP);
            }
        }
    }

    private void handshake(String record) {
        String error = handshakeError(record);
        if (error != null) {
            getSession().sendText("{\"error\":\"" + JsonText.escape(error) + "\"}" + RECORD_SEPARATOR, Callback.NOOP);
            getSession().close(1000, null, Callback.NOOP);
            return;
        }
        // reachable before the client reads the answer; a send waits for the answer to go first
        synchronized (this) {
            connections.opened(this);
            getSession().sendText("{}" + RECORD_SEPARATOR, Callback.NOOP);
            handshaken = true;
        }
    }

    private static @Nullable String handshakeError(String record) {
        try {
            JsonNode handshake = JSON.readTree(record);
            String protocol = handshake.path("protocol").asString("");
            if (!protocol.equals("json")) {
                return "The protocol '" + protocol + "' is not supported.";
            }
            if (handshake.path("version").asInt(-1) != 1) {
                return "The server does not support version " + handshake.path("version") + " of the 'json' protocol.";
            }
            return null;
        } catch (JacksonException e) {
            return "The handshake request is not valid JSON.";
        }
    }

    private static boolean isClose(String record) {
        try {
            return JSON.readTree(record).path("type").asInt(0) == 7;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Sends one whole record (ending in {@link #RECORD_SEPARATOR}) if the handshake is done. */
    synchronized void send(String record) {
        Session session = getSession();
        if (handshaken && session != null && session.isOpen()) {
            session.sendText(record, Callback.NOOP);
        }
    }

    /** Sends the close record and closes the socket, as the service does when it shuts down. */
    synchronized void shutdown() {
        Session session = getSession();
        if (session == null || !session.isOpen()) {
            gone.countDown();
            return;
        }
        if (handshaken) {
            session.sendText(CLOSE, Callback.NOOP);
        }
        session.close(1001, "server shutting down", Callback.NOOP);
    }

    /** Waits up to {@code millis} for the socket to be closed. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return gone.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // idle timeouts, resets, oversized input: the close that follows forgets the connection
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        connections.closed(this);
        gone.countDown();
        callback.succeed();
    }
}
