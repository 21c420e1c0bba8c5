package io.signalranon.emulator.hub;

import io.signalranon.emulator.rest.JsonText;
import io.signalranon.emulator.rest.MessageBody;
import io.signalranon.emulator.rest.MessageSink;
import io.signalranon.emulator.rest.RestRoute;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Delivers accepted REST sends to open sockets as {@code {"type":1,"target":…,"arguments":…}}: a
 * send to a user reaches every connection of that user in the hub, a broadcast every connection
 * of the hub. Sends to groups are recorded only (groups are not modelled).
 */
public final class HubDelivery implements MessageSink {

    private final HubConnections connections;

    public HubDelivery(HubConnections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public void accepted(RestRoute route, MessageBody body, Instant receivedAt) {
        List<HubSocket> sockets = switch (route.operation()) {
            case SEND_TO_USER -> connections.ofUser(route.requireHub(), route.requireUserId());
            case BROADCAST -> connections.ofHub(route.requireHub());
            default -> List.of();
        };
        if (sockets.isEmpty()) {
            return;
        }
        String record = invocation(body);
        sockets.forEach(socket -> socket.send(record));
    }

    /** The invocation record of a message, target and arguments re-emitted lower-case. */
    static String invocation(MessageBody body) {
        return "{\"type\":1,\"target\":\"" + JsonText.escape(body.target()) + "\",\"arguments\":" + body.argumentsJson()
                + "}" + HubSocket.RECORD_SEPARATOR;
    }
}
