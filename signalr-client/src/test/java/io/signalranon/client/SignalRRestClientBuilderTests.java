package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalRRestClientBuilderTests {

    private final ConnectionString connection = ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT);

    @Test
    void buildsWithDefaultsAndChosenVersion() {
        // when
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .apiVersion(ApiVersion.V2022_06_01)
                .maxConnections(8)
                .connectTimeout(Duration.ofSeconds(1))
                .responseTimeout(Duration.ofSeconds(2))
                .build()) {
            // then
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V2022_06_01);
        }
    }

    @Test
    void rejectsOutOfRangeSettingsNamingTheRule() {
        // given
        SignalRRestClient.Builder builder = SignalRRestClient.builder(connection);

        // when / then
        assertThatThrownBy(() -> builder.maxConnections(0).build())
                .hasMessage("maxConnections must be from 1 to 10000, got 0");
        assertThatThrownBy(() -> builder.maxConnections(10_001).build())
                .hasMessageContaining("maxConnections must be from 1 to 10000");
        assertThatThrownBy(() ->
                        builder.maxConnections(1).connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connectTimeout must be more than 0");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(1))
                        .responseTimeout(Duration.ofMinutes(11))
                        .build())
                .hasMessageContaining("responseTimeout must be more than 0 and at most 10 minutes");
        assertThatThrownBy(() -> builder.responseTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("responseTimeout");
    }

    @Test
    void argumentErrorsThrowBeforeAnyRequest() {
        // given
        try (SignalRRestClient client = SignalRRestClient.builder(connection).build()) {
            // when / then
            assertThatThrownBy(() -> client.sendToUser("9hub", "u", "{}")).hasMessageContaining("hub name");
            assertThatThrownBy(() -> client.sendToUser("hub", "", "{}")).hasMessageContaining("user id");
            assertThatThrownBy(() -> client.sendToUser("hub", "u", null)).hasMessageContaining("jsonBody");
        }
    }

    @Test
    void aRefusedConnectionIsRetryableWithStatusZero() throws Exception {
        // given
        try (SignalRRestClient client = clientOfAClosedPort()) {
            // when
            SendOutcome outcome = client.sendToUser("offers", "u1", "{\"target\":\"t\",\"arguments\":[]}");

            // then
            assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
            assertThat(outcome.status()).isZero();
            assertThat(outcome.reason()).startsWith("no response: ");
        }
    }

    @Test
    void aPreparedSendIsSentOnceAndShowsNoToken() throws Exception {
        // given
        try (SignalRRestClient client = clientOfAClosedPort()) {
            PreparedSend prepared = client.prepareSendToUser("offers", "a b", "{\"target\":\"t\",\"arguments\":[]}");

            // when
            SendOutcome outcome = client.send(prepared);

            // then
            assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
            assertThatThrownBy(() -> client.send(prepared))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sent once");
            assertThat(prepared.toString())
                    .isEqualTo("PreparedSend[POST /api/v1/hubs/offers/users/a%20b]")
                    .doesNotContain("Bearer");
        }
    }

    /** A client of a local port that nothing listens on: every request fails before a response. */
    private static SignalRRestClient clientOfAClosedPort() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectionString nowhere =
                ConnectionString.parse("Endpoint=http://127.0.0.1;Port=" + closedPort + ";AccessKey=K");
        return SignalRRestClient.builder(nowhere)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }
}
