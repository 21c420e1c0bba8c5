package io.signalranon.dispatcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.emulator.AcceptedMessage;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.testclient.HubClient;
import io.signalranon.emulator.testclient.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole browser path through the public command line: visitors connected to an in-process
 * emulator over WebSockets (as the JS client connects), {@code dispatcher.jar run} sending to them,
 * and each visitor receiving exactly the message the job sent to its id, and nothing else.
 */
class BrowserPathIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String CATALOG = """
            {"placements": [{"id": "hero", "maxItems": 1, "fallback": "welcome"}],
             "offers": [
               {"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                "content": {"title": "10% off your cart"}},
               {"id": "welcome", "placement": "hero", "priority": 0, "content": {"title": "Welcome"}}]}
            """;
    private static final Map<String, String> EXPECTED_OFFER = Map.of(
            "visitor-a", "cart-10",
            "visitor-b.1", "cart-10",
            "visitor-c", "welcome");

    @TempDir
    Path dir;

    @Test
    void eachConnectedVisitorReceivesExactlyTheMessageTheRunSentToItsId() throws Exception {
        // given
        Path export = dir.resolve("changes.csv");
        Files.writeString(export, """
                user_id,segment,status,timestamp
                visitor-a,cart_abandoners,enter,2026-11-30T10:00:00Z
                "visitor-b.1",cart_abandoners,enter,2026-11-30T10:00:00Z
                visitor-c,newsletter,enter,2026-11-30T10:00:00Z
                """);
        Path offers = dir.resolve("offers.json");
        Files.writeString(offers, CATALOG);
        List<HubClient> clients = new ArrayList<>();
        try (SignalREmulator emulator =
                SignalREmulator.builder().port(0).build().start()) {
            AccessTokens tokens = new AccessTokens(ConnectionString.parse(emulator.connectionString()));
            Map<String, HubClient> visitors = new LinkedHashMap<>();
            for (String visitor : List.of("visitor-a", "visitor-b.1", "visitor-c", "bystander")) {
                NegotiateResponse negotiate = tokens.forClient("offers", visitor, Duration.ofMinutes(10));
                HubClient client = HubClient.builder().connect(negotiate.url(), negotiate.accessToken());
                clients.add(client);
                visitors.put(visitor, client);
            }

            // when
            ChildJvm.Result run = ChildJvm.run(
                    dir,
                    Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString()),
                    Map.of(),
                    "run",
                    "--input=csv:" + export,
                    "--offers=" + offers,
                    "--as-of=2026-12-01T12:00:00Z");

            // then
            assertThat(run.exitCode()).as(run.text()).isZero();
            for (Map.Entry<String, String> expected : EXPECTED_OFFER.entrySet()) {
                String visitor = expected.getKey();
                List<AcceptedMessage> sent = emulator.acceptedForUser("offers", visitor);
                assertThat(sent).as("messages the run sent to %s", visitor).hasSize(1);
                List<Invocation> received = visitors.get(visitor).invocationsWithin(Duration.ofSeconds(2));
                assertThat(received).as("messages %s received", visitor).hasSize(1);
                assertThat(received.get(0).target()).isEqualTo(sent.get(0).target());
                JsonNode message =
                        JSON.readTree(received.get(0).argumentsJson()).get(0);
                assertThat(message)
                        .isEqualTo(JSON.readTree(sent.get(0).argumentsJson()).get(0));
                assertThat(message.get("userId").asString()).isEqualTo(visitor);
                assertThat(message.get("messageId").asString()).isNotBlank();
                assertThat(message.get("offers")).hasSize(1);
                assertThat(message.get("offers").get(0).get("id").asString()).isEqualTo(expected.getValue());
            }
            assertThat(visitors.get("bystander").invocationsWithin(Duration.ofMillis(300)))
                    .isEmpty();
            assertThat(emulator.acceptedCount()).isEqualTo(3);
        } finally {
            clients.forEach(HubClient::close);
        }
    }
}
