package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import io.signalranon.dispatcher.support.TestDb;
import io.signalranon.emulator.AcceptedMessage;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code failures}, {@code reprocess} and {@code restart}, each command run in-process as its own
 * application (no process is needed: nothing is killed), against an emulator that fails some users first and
 * is healthy afterwards.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
class ReprocessAndRestartIntegrationTests {

    @Parameter
    DatabaseKind database;

    private static final String OFFERS = """
            {"placements": [{"id": "hero", "maxItems": 1}],
             "offers": [
               {"id": "current", "placement": "hero", "priority": 10, "eligibility": "cart",
                "content": {"title": "private-current-content"}},
               {"id": "old", "placement": "hero", "priority": 20, "eligibility": "old",
                "validTo": "2020-02-01T00:00:00Z", "content": {"title": "private-old-content"}}]}
            """;
    private static final Map<String, String> FAST = Map.of(
            "dispatcher.delivery.max-attempts",
            "2",
            "dispatcher.delivery.initial-backoff",
            "10ms",
            "dispatcher.delivery.max-backoff",
            "20ms");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private SignalREmulator emulator;
    private String[] run;
    private TestDb db;

    @BeforeEach
    void inputs() throws Exception {
        db = database.fresh(getClass(), "run", dir);
        StringBuilder csv = new StringBuilder("user_id,segment,status,timestamp\n");
        for (int i = 0; i < 12; i++) {
            csv.append("u-%02d,%s,enter,2020-01-10T00:00:00Z%n".formatted(i, i < 10 ? "cart" : "old"));
        }
        Files.writeString(dir.resolve("changes.csv"), csv);
        Files.writeString(dir.resolve("offers.json"), OFFERS);
        run = new String[] {
            "run",
            "--input=csv:" + dir.resolve("changes.csv"),
            "--offers=" + dir.resolve("offers.json"),
            "--as-of=2020-01-15T00:00:00Z"
        };
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Map<String, String> env(String accessKey) {
        String connection = emulator.connectionString();
        return Map.of(
                "SIGNALR_CONNECTION_STRING",
                accessKey == null ? connection : connection.replaceAll("AccessKey=[^;]*", "AccessKey=" + accessKey));
    }

    private ChildJvm.Result dispatcher(Map<String, String> env, String... args) {
        return InProcessDispatcher.run(dir, env, db.settings(FAST), args);
    }

    /** The dispatcher as on another host of a pair that shares the database. */
    private ChildJvm.Result dispatcherOn(String host, Map<String, String> env, String... args) throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put("dispatcher.run.host", host);
        return InProcessDispatcher.run(dir, env, db.settings(settings), args);
    }

    @Test
    void failuresAreListedThenReprocessedUntilResolvedAndNeverSentTwice() throws Exception {
        // given
        emulator = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder()
                        .failFirst("u-03", 2, 503)
                        .failFirst("u-04", 2, 0)
                        .failFirst("u-05", 1, 400)
                        .failFirst("u-06", 1_000, 503)
                        .failFirst("u-10", 2, 503)
                        .build())
                .build()
                .start();
        ChildJvm.Result first = dispatcherOn("pod-a", env(null), run);
        assertThat(first.exitCode()).as(first.text()).isEqualTo(3);

        // when: listed and reprocessed from the other host of the pair
        ChildJvm.Result table = dispatcher(Map.of(), "failures");
        ChildJvm.Result json = dispatcher(Map.of(), "failures", "--json");
        ChildJvm.Result shown = dispatcher(Map.of(), "failures", "--json", "--show-message", "--execution=1");
        long requestsBefore = emulator.requestCount();
        ChildJvm.Result reprocess = dispatcherOn("pod-b", env(null), "reprocess");
        long requestsAfterFirst = emulator.requestCount();
        ChildJvm.Result again = dispatcher(env(null), "reprocess");

        // then
        assertThat(table.exitCode()).isZero();
        assertThat(table.output())
                .anyMatch(line -> line.matches("ID +EXECUTION +USER +STATUS +ERROR CODE +ATTEMPTS +FAILED AT +REASON"))
                .anyMatch(line -> line.matches("\\d+ +1 +u-05 +400 .* 1 +20\\d\\d-.*"))
                .anyMatch(line -> line.matches("\\d+ +1 +u-04 +none .* 2 +20\\d\\d-.*"))
                .contains("5 unresolved failed sends; 'reprocess' sends them again");
        assertThat(table.text() + json.text()).doesNotContain("private-current-content", "private-old-content");
        // listed in the order they were recorded: a permanent failure at once, a retried one once out of attempts
        List<JsonNode> rows = json.output().stream()
                .map(JSON::readTree)
                .sorted(Comparator.comparing(row -> row.get("userId").asString()))
                .toList();
        assertThat(rows)
                .extracting(row -> row.get("userId").asString())
                .containsExactly("u-03", "u-04", "u-05", "u-06", "u-10");
        assertThat(rows).allSatisfy(row -> assertThat(row.has("message")).isFalse());
        assertThat(rows.get(0).get("status").asInt()).isEqualTo(503);
        assertThat(rows.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(rows.get(4).get("expiresAt").asString()).isEqualTo("2020-02-01T00:00:00Z");
        assertThat(shown.output())
                .hasSize(5)
                .allSatisfy(line -> assertThat(JSON.readTree(line)
                                .get("message")
                                .get("arguments")
                                .get(0)
                                .get("messageId")
                                .asString())
                        .isNotBlank());

        assertThat(reprocess.exitCode()).as(reprocess.text()).isEqualTo(3);
        assertThat(reprocess.output())
                .anyMatch(line -> line.contains(
                        "delivered 3, dropped as expired 1, withheld 0 (users who may not be sent to any more), failed again 1,"
                                + " send attempts 5; still unresolved 1"));
        assertThat(requestsAfterFirst - requestsBefore)
                .as("3 delivered, u-06 twice, u-10 not sent")
                .isEqualTo(5);
        assertThat(emulator.acceptedForUser("offers", "u-10")).isEmpty();
        Map<String, Map<String, Object>> failed = db.query("SELECT * FROM FAILED_SEND").stream()
                .collect(Collectors.toMap(row -> (String) row.get("USER_ID"), row -> row));
        for (String user : List.of("u-03", "u-04", "u-05")) {
            assertThat(failed.get(user).get("RESOLUTION")).isEqualTo("delivered");
            assertThat(failed.get(user).get("RESOLVED_AT")).isNotNull();
            List<AcceptedMessage> accepted = emulator.acceptedForUser("offers", user);
            assertThat(accepted).hasSize(1);
            assertThat(accepted.get(0).argumentsJson())
                    .contains("\"messageId\":\"" + failed.get(user).get("MESSAGE_ID") + "\"");
        }
        assertThat(failed.get("u-10").get("RESOLUTION")).isEqualTo("expired");
        assertThat(failed.get("u-06"))
                .as("2 attempts by run, 2 by each reprocess")
                .containsEntry("RESOLVED_AT", null)
                .containsEntry("ATTEMPTS", 6)
                .containsEntry("STATUS", 503)
                .containsEntry("ERROR_CODE", "Error.ServiceUnavailable");
        assertThat(db.column("SELECT USER_ID FROM OFFER_SENT WHERE JOB_EXECUTION_ID <> 1 ORDER BY USER_ID"))
                .containsExactly("u-03", "u-04", "u-05");

        assertThat(again.exitCode()).as(again.text()).isEqualTo(3);
        assertThat(emulator.requestCount() - requestsAfterFirst)
                .as("only u-06 is sent again")
                .isEqualTo(2);
        for (String user : List.of("u-03", "u-04", "u-05")) {
            assertThat(emulator.acceptedForUser("offers", user)).hasSize(1);
        }
    }

    @Test
    void aRunFailedWithAWrongKeyIsRestartedWithTheRightOne() throws Exception {
        // given
        emulator = SignalREmulator.builder().port(0).build().start();
        ChildJvm.Result failed = dispatcherOn("pod-a", env("A".repeat(44)), run);
        assertThat(failed.exitCode()).as(failed.text()).isEqualTo(4);

        // when: restarted from the other host of the pair
        ChildJvm.Result restarted = dispatcherOn("pod-b", env(null), "restart");
        ChildJvm.Result completedAgain = dispatcher(env(null), "restart", "1");
        ChildJvm.Result unknown = dispatcher(env(null), "restart", "999");
        ChildJvm.Result sameRun = dispatcher(env(null), run);

        // then
        assertThat(failed.text()).contains("401").doesNotContain("A".repeat(44));
        assertThat(restarted.exitCode()).as(restarted.text()).isZero();
        assertThat(restarted.output())
                .contains("Restarting execution 1 of job 'dispatch' after its last commit")
                .anyMatch(line -> line.startsWith("Run completed: job instance 1, execution 2"));
        assertThat(emulator.acceptedCount()).isEqualTo(12);
        assertThat(completedAgain.exitCode()).isEqualTo(2);
        assertThat(completedAgain.output())
                .containsExactly("error: execution 1 cannot be restarted: its run completed (as execution 2)");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).containsExactly("error: no job execution 999");
        assertThat(sameRun.exitCode()).isZero();
        assertThat(sameRun.output())
                .contains("Nothing to do: the same run (same options and files) completed as execution 2");
        assertThat(emulator.acceptedCount()).isEqualTo(12);
    }

    @Test
    void aReprocessThatFailedIsResumedByTheNextReprocess() throws Exception {
        // given
        emulator = SignalREmulator.builder()
                .port(0)
                .faultPlan(FaultPlan.builder().failFirst("u-01", 2, 503).build())
                .build()
                .start();
        assertThat(dispatcher(env(null), run).exitCode()).isEqualTo(3);
        ChildJvm.Result rejected = dispatcher(env("A".repeat(44)), "reprocess");

        // when
        ChildJvm.Result resumed = dispatcher(env(null), "reprocess");
        ChildJvm.Result nothingLeft = dispatcher(env(null), "reprocess");

        // then
        assertThat(rejected.exitCode()).as(rejected.text()).isEqualTo(4);
        assertThat(rejected.output()).anyMatch(line -> line.startsWith("error: the reprocess did not complete"));
        assertThat(resumed.exitCode()).as(resumed.text()).isZero();
        assertThat(resumed.output())
                .contains("Resuming the interrupted reprocess (execution 2) after its last commit")
                .anyMatch(line -> line.startsWith("Reprocess completed: job instance 2, execution 3"));
        assertThat(emulator.acceptedForUser("offers", "u-01")).hasSize(1);
        assertThat(nothingLeft.exitCode()).isZero();
        assertThat(nothingLeft.output()).contains("Nothing to reprocess: no unresolved failed sends");
    }
}
