package io.signalranon.negotiate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.ContractRequest;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.service.NegotiateServer;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address the rate limit counts, with and without trusting {@code X-Forwarded-For}. */
class NegotiateServletForwardedForTests {

    private static List<Integer> statuses(boolean trustForwardedFor) throws Exception {
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(
                        NegotiateSettings.parse(
                                "{\"hub\": \"offers\", \"rateLimit\": {\"perSecond\": 0.1, \"burst\": 1}}"),
                        ClientTokenIssuers.forConnectionString(
                                ConnectionString.parse(NegotiateContract.CONNECTION_STRING)))
                .visitorKeys(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                .build();
        NegotiateServer server =
                NegotiateServer.start(endpoint, "127.0.0.1", 0, trustForwardedFor, Duration.ofSeconds(1));
        try (HttpNegotiateTarget target =
                new HttpNegotiateTarget(URI.create("http://127.0.0.1:" + server.port() + "/api/negotiate"), server)) {
            return List.of(
                    target.send(ContractRequest.post().header("X-Forwarded-For", "203.0.113.7"))
                            .status(),
                    target.send(ContractRequest.post().header("X-Forwarded-For", "198.51.100.1, 203.0.113.7"))
                            .status(),
                    target.send(ContractRequest.post().header("X-Forwarded-For", "203.0.113.8"))
                            .status());
        }
    }

    @Test
    void trustedTheLastForwardedEntryIsTheClientAndAnEntryTheClientWroteChangesNothing() throws Exception {
        assertThat(statuses(true)).containsExactly(200, 429, 200);
    }

    @Test
    void untrustedEveryRequestCountsAsTheProxysAddress() throws Exception {
        assertThat(statuses(false)).containsExactly(200, 429, 429);
    }
}
