package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.offer.Holdout;
import io.signalranon.emulator.AcceptedMessage;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The whole {@code dispatch} job (ingest, targets, dispatch) against a real emulator with faults:
 * every targeted user is delivered exactly once or recorded in FAILED_SEND, and the summary, the
 * emulator and the tables agree.
 */
@SpringBootTest(
        classes = DispatcherApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:dispatch-job-tests;DB_CLOSE_DELAY=-1",
            "dispatcher.report.directory=target/test-reports/dispatch-job-tests",
            "dispatcher.delivery.chunk-size=20",
            "dispatcher.delivery.concurrency=8",
            "dispatcher.delivery.initial-backoff=5ms",
            "dispatcher.delivery.max-backoff=20ms",
            "dispatcher.delivery.max-retry-after=50ms"
        })
class DispatchJobIntegrationTests {

    private static final String KEY = "dispatch-job-tests-key-0123456789";
    private static final Instant AS_OF = Instant.parse("2026-12-01T12:00:00Z");
    private static final String CATALOG = """
            {"placements": [{"id": "hero", "maxItems": 1, "fallback": "welcome"}],
             "holdout": {"percent": 10, "salt": "tests"},
             "offers": [
               {"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                "validTo": "2027-01-01T00:00:00Z", "content": {"title": "10% off your cart"}},
               {"id": "welcome", "placement": "hero", "priority": 0, "content": {"title": "Welcome"}}]}
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PORT = freePort();
    private static SignalREmulator emulator;

    @Autowired
    RunCommand runCommand;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SignalRConnection signalRConnection;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @DynamicPropertySource
    static void signalr(DynamicPropertyRegistry registry) {
        registry.add(
                "dispatcher.signalr.connection-string",
                () -> "Endpoint=http://localhost;Port=" + PORT + ";AccessKey=" + KEY + ";Version=1.0;");
    }

    @BeforeEach
    void emptyTables() {
        signalRConnection.close(); // pooled connections to the previous test's emulator

        for (String table : List.of(
                "MEMBERSHIP",
                "SNAPSHOT_SEEN",
                "USER_MAPPING",
                "SUPPRESSION",
                "INGESTED_FILE",
                "SKIPPED_ROW",
                "DISPATCH_TARGET",
                "OFFER_SENT",
                "FAILED_SEND")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void startEmulator(FaultPlan faults, String key) {
        stopEmulator();
        emulator = SignalREmulator.builder()
                .port(PORT)
                .accessKey(key)
                .faultPlan(faults)
                .build()
                .start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first user from {@code i} on who is not in the holdout group, so gets a message. */
    private static String reached(int i) {
        Holdout holdout = new Holdout(10, "tests");
        return IntStream.iterate(i, n -> n + 1)
                .mapToObj(DispatchJobIntegrationTests::user)
                .filter(u -> !holdout.holdsOut(u))
                .findFirst()
                .orElseThrow();
    }

    private static String user(int i) {
        return "visitor:%04d@web+a=b".formatted(i); // characters a URL path must carry as they are or encode
    }

    private RunOptions cartAbandoners(int users) throws IOException {
        return cartAbandoners(users, null, false);
    }

    private RunOptions cartAbandoners(int users, Path usersFile, boolean dryRun) throws IOException {
        Path export = dir.resolve("changes.csv");
        Files.writeString(
                export,
                "user_id,segment,status,timestamp\n"
                        + IntStream.range(0, users)
                                .mapToObj(i -> "\"" + user(i) + "\",cart_abandoners,enter,2026-11-30T10:00:00Z\n")
                                .collect(Collectors.joining()));
        Path offers = dir.resolve("offers.json");
        Files.writeString(offers, CATALOG);
        return RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, export.toString()))
                .users(usersFile)
                .offers(offers)
                .asOf(AS_OF)
                .dryRun(dryRun)
                .dryRunReport(dryRun ? dir.resolve("reports/report.ndjson") : null)
                .build();
    }

    private ExitCode run(RunOptions options) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return runCommand.run(options, print, print);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<Map<String, Object>> membershipTable() {
        return jdbc.queryForList("SELECT * FROM MEMBERSHIP ORDER BY CDP_ID, AUDIENCE");
    }

    private static String offerIds(JsonNode offers) {
        ArrayNode ids = JSON.createArrayNode();
        offers.forEach(offer -> ids.add(offer.get("id").asString()));
        return ids.toString();
    }

    private static Set<String> heldOut(int users) {
        Holdout holdout = new Holdout(10, "tests");
        return IntStream.range(0, users)
                .mapToObj(DispatchJobIntegrationTests::user)
                .filter(holdout::holdsOut)
                .collect(Collectors.toSet());
    }

    private Map<String, Long> acceptedPerUser() {
        return emulator.accepted().stream()
                .collect(Collectors.groupingBy(AcceptedMessage::userId, Collectors.counting()));
    }

    private Map<String, Integer> failedSends() {
        return jdbc
                .query("SELECT USER_ID, STATUS FROM FAILED_SEND", (rs, n) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void everyTargetedUserIsDeliveredOnceOrRecordedUnderFaults() throws IOException {
        // given
        startEmulator(
                FaultPlan.builder()
                        .seed(11)
                        .throttleWithRetryAfter(0.05)
                        .throttle(0.05)
                        .unavailable(0.08)
                        .serverError(0.04)
                        .drop(0.04)
                        .failFirst(reached(3), 1_000, 400)
                        .failFirst(reached(50), 1_000, 404)
                        .failFirst(reached(77), 1_000, 503)
                        .build(),
                KEY);
        int users = 200;
        Set<String> holdout = heldOut(users);

        // when
        ExitCode code = run(cartAbandoners(users));

        // then
        Map<String, Long> accepted = acceptedPerUser();
        Map<String, Integer> failed = failedSends();
        assertThat(code).isEqualTo(ExitCode.SEND_FAILURES);
        assertThat(accepted.values()).allMatch(count -> count == 1);
        assertThat(failed.keySet()).noneMatch(accepted::containsKey);
        assertThat(failed)
                .containsEntry(reached(3), 400)
                .containsEntry(reached(50), 404)
                .containsEntry(reached(77), 503);
        assertThat(accepted.size() + failed.size()).isEqualTo(users - holdout.size());
        assertThat(holdout).noneMatch(accepted::containsKey).noneMatch(failed::containsKey);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM OFFER_SENT WHERE ',' || OFFER_IDS || ',' LIKE '%,cart-10,%'",
                        Integer.class))
                .isEqualTo(accepted.size());
        assertThat(output())
                .contains(
                        "users targeted: " + users,
                        "messages sent " + accepted.size() + ", failed " + failed.size(),
                        "holdout " + holdout.size(),
                        "status 400: 1",
                        "status 404: 1");
        JsonNode message = JsonMapper.builder()
                .build()
                .readTree(emulator.acceptedForUser("offers", reached(0)).get(0).argumentsJson());
        assertThat(message.get(0).get("offers").get(0).get("id").asString()).isEqualTo("cart-10");
        assertThat(message.get(0).get("generatedAt").asString()).isEqualTo(AS_OF.toString());
    }

    @Test
    void aPermanentFailureDoesNotResendTheOtherMessagesOfItsChunk() throws IOException {
        // given
        startEmulator(FaultPlan.builder().failFirst(reached(5), 1_000, 400).build(), KEY);
        int users = 50;

        // when
        ExitCode code = run(cartAbandoners(users));

        // then
        int sent = users - heldOut(users).size();
        assertThat(code).isEqualTo(ExitCode.SEND_FAILURES);
        assertThat(emulator.requestCount()).isEqualTo(sent);
        assertThat(emulator.acceptedCount()).isEqualTo(sent - 1);
        assertThat(jdbc.queryForList("SELECT USER_ID FROM FAILED_SEND WHERE ATTEMPTS = 1", String.class))
                .containsExactly(reached(5));
    }

    @Test
    void aWrongKeyFailsTheRunFastAndTheSameCommandResumesItOnceFixed() throws IOException {
        // given
        startEmulator(FaultPlan.NONE, "another-key-than-the-dispatchers");
        RunOptions options = cartAbandoners(60);

        // when
        ExitCode first = run(options);
        long rejected = emulator.requestCount();
        startEmulator(FaultPlan.NONE, KEY);
        ExitCode second = run(options);

        // then
        assertThat(first).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(output()).contains("401").doesNotContain(KEY);
        assertThat(rejected).as("one chunk tried, then the run stopped").isLessThanOrEqualTo(20);
        assertThat(failedSends()).isEmpty();
        assertThat(second).isEqualTo(ExitCode.COMPLETED);
        assertThat(emulator.acceptedCount()).isEqualTo(60 - heldOut(60).size());
        assertThat(acceptedPerUser().values()).allMatch(count -> count == 1);
    }

    @Test
    void aDryRunDecidesWithoutSendingAndReportsEveryUser() throws IOException {
        // given
        startEmulator(FaultPlan.NONE, KEY);
        Path usersFile = dir.resolve("users.csv");
        Files.writeString(
                usersFile,
                "user_id,cdp_id,consent\nweb-1,\"" + user(1) + "\",y\nweb-2,\"" + user(2) + "\",n\napp-2,\"" + user(2)
                        + "\",revoked\nweb-3,\"" + user(3) + "\",\n");

        // when
        ExitCode code = run(cartAbandoners(10, usersFile, true));

        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(emulator.requestCount()).isZero();
        List<String> report = Files.readAllLines(dir.resolve("reports/report.ndjson"));
        assertThat(report).hasSize(4);
        assertThat(report)
                .anySatisfy(line -> assertThat(line).contains("\"userId\":\"web-2\"", "\"withheld\":\"no-consent\""));
        assertThat(report)
                .anySatisfy(line -> assertThat(line).contains("\"userId\":\"app-2\"", "\"withheld\":\"no-consent\""));
        assertThat(report)
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "\"userId\":\"web-1\"",
                                "\"offers\":[\"cart-10\"]",
                                "\"audiences\":[\"cart_abandoners\"]",
                                "\"chosen\":[{\"id\":\"cart-10\",\"placement\":\"hero\",\"rule\":\"eligibility\","
                                        + "\"eligibility\":\"cart_abandoners\"}]",
                                "\"lost\":[{\"id\":\"welcome\",\"placement\":\"hero\",\"reason\":\"max-items\"}]"));
        assertThat(report)
                .as("an empty consent cell withholds")
                .anySatisfy(line -> assertThat(line).contains("\"userId\":\"web-3\"", "\"withheld\":\"no-consent\""));
        assertThat(output()).contains("users targeted: 4", "dry run: messages planned 1", "no consent 3");
    }

    @Test
    void aDryRunChangesNothingSoTheRealRunAfterItSendsWhatItReported() throws IOException {
        // given
        startEmulator(FaultPlan.NONE, KEY);
        run(cartAbandoners(10));
        List<Map<String, Object>> storeBefore = membershipTable();
        int filesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM INGESTED_FILE", Integer.class);
        emulator.clear();
        Path more = dir.resolve("more.csv");
        Files.writeString(
                more,
                "user_id,segment,status,timestamp\n\"" + user(3) + "\",cart_abandoners,exit,2026-11-30T11:00:00Z\n"
                        + IntStream.range(10, 25)
                                .mapToObj(i -> "\"" + user(i) + "\",cart_abandoners,enter,2026-11-30T11:00:00Z\n")
                                .collect(Collectors.joining()));
        Path report = dir.resolve("preview.ndjson");

        // when
        ExitCode dry = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, more.toString()))
                .offers(dir.resolve("offers.json"))
                .asOf(AS_OF)
                .dryRun(true)
                .dryRunReport(report)
                .build());
        String dryOutput = output();
        List<Map<String, Object>> storeAfterDryRun = membershipTable();
        int filesAfterDryRun = jdbc.queryForObject("SELECT COUNT(*) FROM INGESTED_FILE", Integer.class);
        long requestsAfterDryRun = emulator.requestCount();
        ExitCode real = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, more.toString()))
                .offers(dir.resolve("offers.json"))
                .asOf(AS_OF)
                .build());

        // then
        assertThat(dry).isEqualTo(ExitCode.COMPLETED);
        assertThat(dryOutput)
                .contains("CDP ids changed: 16", "dry run: report written to " + report + "; the store is as it was");
        assertThat(requestsAfterDryRun).isZero();
        assertThat(storeAfterDryRun).isEqualTo(storeBefore);
        assertThat(filesAfterDryRun).isEqualTo(filesBefore);
        assertThat(real).isEqualTo(ExitCode.COMPLETED);
        Map<String, String> planned = Files.readAllLines(report).stream()
                .map(JSON::readTree)
                .filter(line -> line.has("offers"))
                .collect(Collectors.toMap(
                        line -> line.get("userId").asString(),
                        line -> line.get("offers").toString()));
        Map<String, String> received = emulator.accepted().stream()
                .map(message -> JSON.readTree(message.argumentsJson()).get(0))
                .collect(Collectors.toMap(
                        arguments -> arguments.get("userId").asString(),
                        arguments -> offerIds(arguments.get("offers"))));
        Set<String> heldOut = heldOut(25);
        long changed = IntStream.concat(IntStream.of(3), IntStream.range(10, 25))
                .mapToObj(DispatchJobIntegrationTests::user)
                .filter(user -> !heldOut.contains(user))
                .count();
        assertThat(planned).hasSize((int) changed);
        assertThat(received).isEqualTo(planned);
    }

    @Test
    void aNewRunDropsTheTargetsOfRunsThatCompletedAndTargetsOnlyItsOwnChanges() throws IOException {
        // given
        startEmulator(FaultPlan.NONE, KEY);
        run(cartAbandoners(30));
        Path exits = dir.resolve("exits.csv");
        Files.writeString(
                exits,
                "user_id,segment,status,timestamp\n\"" + user(1) + "\",cart_abandoners,exit,2026-11-30T11:00:00Z\n");
        RunOptions second = RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, exits.toString()))
                .offers(dir.resolve("offers.json"))
                .asOf(AS_OF)
                .build();

        // when
        ExitCode code = run(second);

        // then
        assertThat(code).isEqualTo(ExitCode.COMPLETED);
        assertThat(jdbc.queryForList("SELECT DISTINCT JOB_INSTANCE_ID FROM DISPATCH_TARGET", Long.class))
                .hasSize(1);
        assertThat(jdbc.queryForList("SELECT USER_ID FROM DISPATCH_TARGET", String.class))
                .containsExactly(user(1));
        long secondInstance = jdbc.queryForObject("SELECT MAX(JOB_INSTANCE_ID) FROM BATCH_JOB_INSTANCE", Long.class);
        assertThat(jdbc.queryForList(
                        "SELECT CDP_ID FROM MEMBERSHIP WHERE CHANGED_BY = ? AND WAS_MEMBER <> MEMBER",
                        String.class,
                        secondInstance))
                .containsExactly(user(1));
    }

    @Test
    void allTargetsEveryKnownUserAndOnlyChangedOnesWithoutIt() throws IOException {
        // given
        startEmulator(FaultPlan.NONE, KEY);
        run(cartAbandoners(30));
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "user_id,segment,status,timestamp\nnewcomer,leads,enter,2026-11-30T11:00:00Z\n");
        Path offers = dir.resolve("offers.json");
        Instant later = AS_OF.plusSeconds(60);

        // when
        emulator.clear();
        ExitCode changedOnly = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, other.toString()))
                .offers(offers)
                .asOf(later)
                .build());
        long sentToChanged = emulator.acceptedCount();
        emulator.clear();
        ExitCode all = run(RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, other.toString()))
                .offers(offers)
                .asOf(later.plusSeconds(60))
                .all(true)
                .build());

        // then
        assertThat(changedOnly).isEqualTo(ExitCode.COMPLETED);
        assertThat(sentToChanged).isEqualTo(new Holdout(10, "tests").holdsOut("newcomer") ? 0 : 1);
        assertThat(all).isEqualTo(ExitCode.COMPLETED);
        assertThat(output()).contains("users targeted: 31");
        assertThat(emulator.acceptedCount())
                .isEqualTo(31 - heldOut(30).size() - (new Holdout(10, "tests").holdsOut("newcomer") ? 1 : 0));
    }

    @Test
    void frequencyCapsCountTheDeliveriesOfEarlierRuns() throws IOException {
        // given: an offer (its id has a comma) delivered at most twice in 7 days
        startEmulator(FaultPlan.NONE, KEY);
        RunOptions first = cartAbandoners(5);
        Files.writeString(first.offers(), """
                {"placements": [{"id": "hero", "fallback": "welcome"}],
                 "holdout": {"percent": 10, "salt": "tests"},
                 "offers": [
                   {"id": "cart,10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                    "cap": {"max": 2, "days": 7}, "content": {"title": "10% off your cart"}},
                   {"id": "welcome", "placement": "hero", "priority": 0, "content": {"title": "Welcome"}}]}
                """);
        String user = reached(0);
        List<String> offersSeen = new java.util.ArrayList<>();

        // when: runs of every user on days 0, 1, 2, 7, 8 and 9
        for (int day : new int[] {0, 1, 2, 7, 8, 9}) {
            emulator.clear();
            ExitCode code = run(RunOptions.builder()
                    .inputs(first.inputs())
                    .offers(first.offers())
                    .asOf(AS_OF.plus(java.time.Duration.ofDays(day)))
                    .all(true)
                    .build());
            assertThat(code).as(output()).isEqualTo(ExitCode.COMPLETED);
            JsonNode arguments = JsonMapper.builder()
                    .build()
                    .readTree(emulator.accepted().stream()
                            .filter(m -> m.userId().equals(user))
                            .findFirst()
                            .orElseThrow()
                            .argumentsJson());
            offersSeen.add(arguments.get(0).get("offers").get(0).get("id").asString());
        }

        // then: day 2 is capped (days 0 and 1 in the window (as-of - 7 days, as-of]); on days 7 and 8
        // the delivery of 7 days before has left it; on day 9 days 7 and 8 cap it
        assertThat(offersSeen).containsExactly("cart,10", "cart,10", "welcome", "cart,10", "cart,10", "welcome");
        assertThat(jdbc.queryForList(
                        "SELECT OFFER_IDS FROM OFFER_SENT WHERE USER_ID = ? ORDER BY SENT_AT", String.class, user))
                .containsExactly("cart\\,10", "cart\\,10", "welcome", "cart\\,10", "cart\\,10", "welcome");
    }
}
