package io.signalranon.dispatcher.delivery;

import io.signalranon.client.Hubs;
import io.signalranon.client.PreparedSend;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import java.util.Objects;

/** Sends to a SignalR user of one hub through the REST data plane. */
public final class SignalRTransport implements MessageTransport {

    private final SignalRRestClient client;
    private final String hub;

    public SignalRTransport(SignalRRestClient client, String hub) {
        this.client = Objects.requireNonNull(client, "client");
        this.hub = Hubs.requireValid(hub);
    }

    @Override
    public SendOutcome send(String userId, String jsonBody) {
        return client.sendToUser(hub, userId, jsonBody);
    }

    @Override
    public Attempt prepare(String userId, String jsonBody) {
        PreparedSend prepared = client.prepareSendToUser(hub, userId, jsonBody);
        return () -> client.send(prepared);
    }
}
