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
    public String rejectionHint(int status) {
        if (!client.usesEntra()) {
            return MessageTransport.super.rejectionHint(status);
        }
        return status == 403
                ? "the Entra ID identity has no role that may send (SignalR REST API Owner or SignalR Service Owner on"
                        + " this SignalR resource), or it was assigned less than 30 minutes ago and does not apply yet"
                : "the service refused the Entra ID token: is it for another resource or tenant? A role assigned less"
                        + " than 30 minutes ago may not apply yet";
    }

    @Override
    public Attempt prepare(String userId, String jsonBody) {
        PreparedSend prepared = client.prepareSendToUser(hub, userId, jsonBody);
        return () -> client.send(prepared);
    }
}
