package io.signalranon.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ApiVersion;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import io.signalranon.client.SignalRRestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalRRestClientIntegrationTests {

    private static final String BODY = "{\"target\":\"offers\",\"arguments\":[{\"id\":\"cart-10\"}]}";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void everyOperationReachesTheEmulatorWithTheRightOutcome(ApiVersion version) {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        SignalRRestClient client = client(emulator, version);

        // when
        SendOutcome toUser = client.sendToUser("offers", "u1", BODY);
        SendOutcome exists = client.userExists("offers", "u1");
        SendOutcome added = client.addUserToGroup("offers", "g1", "u1");
        SendOutcome removed = client.removeUserFromGroup("offers", "g1", "u1");
        SendOutcome toGroup = client.sendToGroup("offers", "g1", BODY);
        SendOutcome broadcast = client.broadcast("offers", BODY);
        SendOutcome health = client.health();

        // then
        assertThat(List.of(toUser.status(), toGroup.status(), broadcast.status()))
                .containsOnly(202);
        assertThat(List.of(toUser, toGroup, broadcast, added, removed, health)).allMatch(SendOutcome::delivered);
        assertThat(List.of(added.status(), removed.status(), health.status())).containsOnly(200);
        assertThat(exists.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(exists.status()).isEqualTo(404);
        assertThat(emulator.requestCount()).isEqualTo(7);
        assertThat(emulator.accepted())
                .extracting(
                        AcceptedMessage::userId,
                        AcceptedMessage::group,
                        AcceptedMessage::target,
                        AcceptedMessage::argumentsJson,
                        AcceptedMessage::apiVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("u1", null, "offers", "[{\"id\":\"cart-10\"}]", version),
                        org.assertj.core.groups.Tuple.tuple(null, "g1", "offers", "[{\"id\":\"cart-10\"}]", version),
                        org.assertj.core.groups.Tuple.tuple(null, null, "offers", "[{\"id\":\"cart-10\"}]", version));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a/b?c#d %é😀",
                "a/b",
                "q?x=1",
                "h#f",
                "100%",
                "sp ace",
                "é",
                "😀",
                "..",
                ".",
                "a+b",
                "~x-y_z.",
                "%2F",
                "\\",
                "\"quoted\""
            })
    void oddUserIdsArriveDecodedAndIntactOnBothVersions(String userId) {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        SignalRRestClient v1 = client(emulator, ApiVersion.V1);
        SignalRRestClient v2022 = client(emulator, ApiVersion.V2022_06_01);

        // when
        SendOutcome first = v1.sendToUser("offers", userId, BODY);
        SendOutcome second = v2022.sendToUser("offers", userId, BODY);
        SendOutcome grouped = v2022.addUserToGroup("offers", userId, userId);

        // then
        assertThat(List.of(first, second, grouped)).allMatch(SendOutcome::delivered);
        assertThat(emulator.acceptedForUser("offers", userId))
                .hasSize(2)
                .allSatisfy(message -> assertThat(message.userId()).isEqualTo(userId));
        assertThat(emulator.accepted()).hasSize(2);
    }

    @Test
    void aWrongKeyIsAPermanent401AndNeverRetried() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        ConnectionString wrong =
                ConnectionString.parse("Endpoint=http://localhost;Port=" + emulator.port() + ";AccessKey=wrong-key");
        SignalRRestClient client = track(SignalRRestClient.builder(wrong).build());

        // when
        SendOutcome outcome = client.sendToUser("offers", "u1", BODY);

        // then
        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.status()).isEqualTo(401);
        assertThat(outcome.errorCode()).isEqualTo("Error.Unauthorized");
        assertThat(outcome.reason()).contains("signature").doesNotContain("wrong-key");
        assertThat(emulator.requestCount()).isEqualTo(1);
        assertThat(emulator.accepted()).isEmpty();
    }

    @Test
    void errorResponsesGiveTheirConnectionBackToThePool() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        ConnectionString wrong =
                ConnectionString.parse("Endpoint=http://localhost;Port=" + emulator.port() + ";AccessKey=wrong-key");
        SignalRRestClient client = track(SignalRRestClient.builder(wrong)
                .maxConnections(1)
                .responseTimeout(Duration.ofSeconds(2))
                .build());

        // when
        List<SendOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(client.sendToUser("offers", "u" + i, BODY));
        }

        // then
        assertThat(outcomes).extracting(SendOutcome::status).containsOnly(401);
        assertThat(emulator.requestCount()).isEqualTo(50);
    }

    @Test
    void invalidBodiesAreRejectedWith400() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        SignalRRestClient client = client(emulator, ApiVersion.V1);

        // when
        SendOutcome notJson = client.sendToUser("offers", "u1", "{\"target\":\"t\",\"arguments\":[}");
        SendOutcome noTarget = client.sendToUser("offers", "u1", "{\"arguments\":[]}");
        SendOutcome badArguments = client.broadcast("offers", "{\"target\":\"t\",\"arguments\":{}}");
        SendOutcome pascalCase = client.broadcast("offers", "{\"Target\":\"t\",\"Arguments\":[1,2]}");

        // then
        assertThat(List.of(notJson, noTarget, badArguments)).allSatisfy(outcome -> {
            assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(outcome.status()).isEqualTo(400);
            assertThat(outcome.errorCode()).isEqualTo("Error.BadRequest");
        });
        assertThat(noTarget.reason()).contains("target");
        assertThat(pascalCase.delivered()).isTrue();
        assertThat(emulator.accepted())
                .singleElement()
                .extracting(AcceptedMessage::argumentsJson)
                .isEqualTo("[1,2]");
    }

    @Test
    void aBodyOfExactly1MiBIsAcceptedAndOneByteMoreIs413() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        SignalRRestClient client = client(emulator, ApiVersion.V1);
        String exact = bodyOfSize(1_048_576);
        String over = bodyOfSize(1_048_577);

        // when
        SendOutcome accepted = client.sendToUser("offers", "u1", exact);
        SendOutcome tooLarge = client.sendToUser("offers", "u1", over);
        SendOutcome muchTooLarge = client.sendToUser("offers", "u1", bodyOfSize(3_000_000));
        SendOutcome afterwards = client.sendToUser("offers", "u1", BODY);

        // then
        assertThat(exact.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1_048_576);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(tooLarge.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("Error.PayloadTooLarge");
        assertThat(muchTooLarge.status()).isEqualTo(413);
        assertThat(afterwards.delivered()).isTrue();
        assertThat(emulator.requestCount()).isEqualTo(4);
        assertThat(emulator.accepted()).hasSize(2);
    }

    @Test
    void throttlingWithRetryAfterIsRetryableWithTheDelayParsed() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder()
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .throttleWithRetryAfter(1.0)
                        .build()));
        SignalRRestClient client = client(emulator, ApiVersion.V1);

        // when
        SendOutcome outcome = client.sendToUser("offers", "u1", BODY);

        // then
        assertThat(outcome.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(outcome.status()).isEqualTo(429);
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(outcome.errorCode()).isEqualTo("Error.Throttled");
        assertThat(emulator.requestCount()).isEqualTo(1);
        assertThat(emulator.accepted()).isEmpty();
    }

    @Test
    void eachInjectedFailureHasItsOutcomeAndIsNeverRetriedByTheClient() {
        // given
        var throttled = emulator(SignalREmulator.builder()
                .port(0)
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .throttle(1.0)
                        .build()));
        var unavailable = emulator(SignalREmulator.builder()
                .port(0)
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .unavailable(1.0)
                        .build()));
        var failing = emulator(SignalREmulator.builder()
                .port(0)
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .serverError(1.0)
                        .build()));
        var dropping = emulator(SignalREmulator.builder()
                .port(0)
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .drop(1.0)
                        .build()));

        // when
        SendOutcome t = client(throttled, ApiVersion.V1).sendToUser("offers", "u1", BODY);
        SendOutcome u = client(unavailable, ApiVersion.V2022_06_01).sendToUser("offers", "u1", BODY);
        SendOutcome f = client(failing, ApiVersion.V1).broadcast("offers", BODY);
        SendOutcome d = client(dropping, ApiVersion.V1).sendToUser("offers", "u1", BODY);

        // then
        assertThat(List.of(t, u, f, d)).allMatch(SendOutcome::retryable);
        assertThat(List.of(t.status(), u.status(), f.status(), d.status())).containsExactly(429, 503, 500, 0);
        assertThat(t.retryAfter()).isNull();
        assertThat(d.reason()).startsWith("no response");
        assertThat(List.of(throttled, unavailable, failing, dropping)).allSatisfy(e -> {
            assertThat(e.requestCount()).isEqualTo(1);
            assertThat(e.accepted()).isEmpty();
        });
    }

    @Test
    void failTheFirstAttemptsForOneUserOnly() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder()
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .failFirst("unlucky", 2, 503)
                        .build()));
        SignalRRestClient client = client(emulator, ApiVersion.V1);

        // when
        List<SendOutcome> unlucky = List.of(
                client.sendToUser("offers", "unlucky", BODY),
                client.sendToUser("offers", "unlucky", BODY),
                client.sendToUser("offers", "unlucky", BODY));
        SendOutcome other = client.sendToUser("offers", "other", BODY);

        // then
        assertThat(unlucky).extracting(SendOutcome::status).containsExactly(503, 503, 202);
        assertThat(other.delivered()).isTrue();
        assertThat(emulator.requestCount()).isEqualTo(4);
        assertThat(emulator.acceptedForUser("offers", "unlucky")).hasSize(1);
    }

    @Test
    void aSlowResponseTimesOutAsRetryableStatusZeroWithoutRetry() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder()
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .latency(Duration.ofMillis(1500))
                        .build()));
        SignalRRestClient client = track(SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .responseTimeout(Duration.ofMillis(300))
                .build());

        // when
        SendOutcome outcome = client.sendToUser("offers", "u1", BODY);

        // then
        assertThat(outcome.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(outcome.status()).isZero();
        assertThat(outcome.reason()).contains("Timeout");
        assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @Test
    void addedLatencyDelaysEachRequest() {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder()
                .faultPlan(io.signalranon.emulator.fault.FaultPlan.builder()
                        .latency(Duration.ofMillis(150))
                        .build()));
        SignalRRestClient client = client(emulator, ApiVersion.V1);

        // when
        long start = System.nanoTime();
        SendOutcome outcome = client.sendToUser("offers", "u1", BODY);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(outcome.delivered()).isTrue();
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void theSameSeedGivesTheSameFaultsForTheSameRequests() {
        // given
        var plan = io.signalranon.emulator.fault.FaultPlan.builder()
                .seed(42)
                .throttleWithRetryAfter(0.2)
                .unavailable(0.2)
                .serverError(0.1)
                .build();
        SignalREmulator first = emulator(SignalREmulator.builder().port(0).faultPlan(plan));
        SignalREmulator second = emulator(SignalREmulator.builder().port(0).faultPlan(plan));

        // when
        List<Integer> firstStatuses = statuses(client(first, ApiVersion.V1), 30);
        List<Integer> secondStatuses = statuses(client(second, ApiVersion.V1), 30);

        // then
        assertThat(firstStatuses).isEqualTo(secondStatuses).contains(202, 429, 503);
        assertThat(first.accepted())
                .hasSize((int) firstStatuses.stream().filter(s -> s == 202).count());
    }

    @Test
    void concurrentSendsAreAllCounted() throws Exception {
        // given
        SignalREmulator emulator = emulator(SignalREmulator.builder());
        SignalRRestClient client = client(emulator, ApiVersion.V1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SendOutcome>> futures = new ArrayList<>();

        // when
        for (int i = 0; i < 400; i++) {
            String user = "user-" + i;
            futures.add(pool.submit(() -> client.sendToUser("offers", user, BODY)));
        }
        List<SendOutcome> outcomes = new ArrayList<>();
        for (Future<SendOutcome> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();

        // then
        assertThat(outcomes).allMatch(SendOutcome::delivered);
        assertThat(emulator.requestCount()).isEqualTo(400);
        assertThat(emulator.acceptedCount()).isEqualTo(400);
        assertThat(emulator.acceptedForUser("OFFERS", "user-399")).hasSize(1);
    }

    @Test
    void acceptedMessagesAreRecordedAsNdjsonAndClearResetsTheCounts() throws Exception {
        // given
        Path log = Files.createTempFile("accepted", ".ndjson");
        SignalREmulator emulator = emulator(SignalREmulator.builder().recordTo(log));
        SignalRRestClient client = client(emulator, ApiVersion.V2022_06_01);

        // when
        client.sendToUser("offers", "a\"b", BODY);
        client.sendToGroup("offers", "g", "{\"target\":\"t\",\"arguments\":[\n1\n]}");
        emulator.flush();
        List<String> lines = Files.readAllLines(log);
        emulator.clear();

        // then
        assertThat(lines).hasSize(2);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var first = json.readTree(lines.get(0));
        assertThat(first.get("userId").asText()).isEqualTo("a\"b");
        assertThat(first.get("apiVersion").asText()).isEqualTo("2022-06-01");
        assertThat(first.get("arguments").get(0).get("id").asText()).isEqualTo("cart-10");
        assertThat(json.readTree(lines.get(1)).get("group").asText()).isEqualTo("g");
        assertThat(emulator.accepted()).isEmpty();
        assertThat(emulator.requestCount()).isZero();
        Files.deleteIfExists(log);
    }

    private List<Integer> statuses(SignalRRestClient client, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(client.sendToUser("offers", "u" + i, BODY).status());
        }
        return statuses;
    }

    private static String bodyOfSize(int size) {
        String head = "{\"target\":\"offers\",\"arguments\":[\"";
        String tail = "\"]}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }

    private SignalREmulator emulator(SignalREmulator.Builder builder) {
        return track(builder.port(0).build().start());
    }

    private SignalRRestClient client(SignalREmulator emulator, ApiVersion version) {
        return track(SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .apiVersion(version)
                .maxConnections(8)
                .build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }
}
