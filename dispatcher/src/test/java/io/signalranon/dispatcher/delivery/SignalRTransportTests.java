package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokens;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run that fails fast on 401/403 says to check, with an access key and with Entra ID. */
class SignalRTransportTests {

    private static final EntraCredential IDENTITY = new EntraCredential() {
        @Override
        public EntraToken fetch() {
            return new EntraToken("entra-token", Instant.now().plus(Duration.ofHours(1)));
        }

        @Override
        public String describe() {
            return "a test identity";
        }
    };

    private static SignalRRestClient client(String connectionString) {
        return SignalRRestClient.builder(ConnectionString.parse(connectionString))
                .entraTokens(new EntraTokens(IDENTITY, Clock.systemUTC()))
                .build();
    }

    private static void firstChunkRefused(SignalRRestClient client, int status) {
        SystemicFailureDetector detector =
                new SystemicFailureDetector(new SignalRTransport(client, "offers")::rejectionHint);
        detector.check(
                List.of(),
                List.of(new DeliveryResult(
                        new OutgoingMessage("u1", "m-u1", "{}", List.of(), null),
                        new SendOutcome(Kind.PERMANENT, status, null, "refused", null),
                        1)));
    }

    @Test
    void withEntraIdA403NamesTheRolesAndTheThirtyMinutesARoleTakes() {
        try (SignalRRestClient client =
                client("Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;")) {
            assertThatThrownBy(() -> firstChunkRefused(client, 403))
                    .isInstanceOf(SystemicDeliveryException.class)
                    .hasMessageContaining("rejected the sends with 403")
                    .hasMessageContaining("no role that may send (SignalR REST API Owner or SignalR Service Owner")
                    .hasMessageContaining("less than 30 minutes ago");
        }
    }

    @Test
    void withEntraIdA401NamesATokenForAnotherResourceAndTheThirtyMinutes() {
        try (SignalRRestClient client =
                client("Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;")) {
            assertThatThrownBy(() -> firstChunkRefused(client, 401))
                    .isInstanceOf(SystemicDeliveryException.class)
                    .hasMessageContaining("refused the Entra ID token")
                    .hasMessageContaining("another resource or tenant")
                    .hasMessageContaining("30 minutes")
                    .hasMessageNotContaining("AccessKey");
        }
    }

    @Test
    void withAnAccessKeyTheKeyAndTheHubAreNamed() {
        try (SignalRRestClient client = client("Endpoint=https://x.service.signalr.net;AccessKey=k;Version=1.0;")) {
            assertThatThrownBy(() -> firstChunkRefused(client, 403))
                    .isInstanceOf(SystemicDeliveryException.class)
                    .hasMessageContaining("AccessKey and the hub name")
                    .hasMessageNotContaining("Entra ID");
        }
    }
}
