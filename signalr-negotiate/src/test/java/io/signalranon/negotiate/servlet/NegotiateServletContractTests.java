package io.signalranon.negotiate.servlet;

import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.contract.NegotiateTarget;
import io.signalranon.negotiate.service.NegotiateServer;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;
import java.time.Duration;

/** The contract through the servlet in a servlet container (Jetty, as the service runs it), in process. */
class NegotiateServletContractTests extends NegotiateContract {

    @Override
    protected NegotiateTarget start(String negotiateJson, String visitorKeys) {
        NegotiateSettings settings = NegotiateSettings.parse(negotiateJson);
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(
                        settings, ClientTokenIssuers.forConnectionString(ConnectionString.parse(CONNECTION_STRING)))
                .visitorKeys(VisitorKeys.parse(visitorKeys))
                .build();
        NegotiateServer server = NegotiateServer.start(endpoint, "127.0.0.1", 0, false, Duration.ofSeconds(1));
        return new HttpNegotiateTarget(URI.create("http://127.0.0.1:" + server.port() + settings.path()), server);
    }
}
