package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.bench.SyntheticExports;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.offer.Holdout;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.EmulatorProcess;
import io.signalranon.dispatcher.support.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills the dispatcher (SIGKILL) at random points of the dispatch step against an emulator in its own
 * process, runs the same command again, and checks the record: every targeted user delivered or recorded
 * as failed, duplicates only from the chunk in flight, each with its original messageId. While the first
 * run goes, a second process exits 5 without touching anything.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
class KillDuringDispatchIntegrationTests {

    @Parameter
    DatabaseKind database;

    private static final int CHUNK = 50;
    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final Holdout SAMPLE_HOLDOUT = new Holdout(5, "2026-q4");
    private static final Map<String, String> SETTINGS = Map.of(
            "dispatcher.delivery.chunk-size",
            Integer.toString(CHUNK),
            "dispatcher.delivery.concurrency",
            "8",
            "dispatcher.delivery.max-attempts",
            "3",
            "dispatcher.delivery.initial-backoff",
            "10ms",
            "dispatcher.delivery.max-backoff",
            "50ms",
            "dispatcher.delivery.max-retry-after",
            "50ms");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void runsKilledDuringDispatchResumeWithEveryUserDeliveredOrRecorded() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            killAndResume(seed, Files.createDirectories(dir.resolve("seed-" + seed)));
        }
    }

    private void killAndResume(long seed, Path work) throws Exception {
        // given
        Path input = new SyntheticExports(InputFormat.CSV, 3_000, 10, 2, false, seed)
                .writeTo(work.resolve("in"))
                .get(0);
        String[] command = {"run", "--input=csv:" + input, "--offers=" + OFFERS};
        EmulatorProcess emulator = EmulatorProcess.start(
                work,
                work.resolve("record.ndjson"),
                "--latency-ms=20",
                "--fault-503=0.02",
                "--seed=" + seed,
                "--fail-first=user-7:1000:400");
        Random random = new Random(seed);
        TestDb db = database.fresh(getClass(), "seed" + seed, work);
        Map<String, String> settings = db.settings(SETTINGS);

        // when
        ChildJvm first = ChildJvm.dispatcher(work, emulator.env(), settings, command);
        assertThat(first.awaitLine(line -> line.contains("Sending to SignalR at"), 60))
                .as(first.output().toString())
                .isTrue();
        if (seed == 1) {
            ChildJvm.Result second = ChildJvm.run(work, emulator.env(), settings, command);
            assertThat(second.exitCode()).as(second.text()).isEqualTo(5);
            assertThat(second.output())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith("error: another ")
                    .endsWith("; nothing was done");
        }
        Thread.sleep(random.nextInt(2_000));
        first.kill();
        ChildJvm.Result resumed = ChildJvm.run(work, emulator.env(), settings, command);
        List<String> record = emulator.stopAndReadRecord();

        // then
        assertThat(first.output()).noneMatch(line -> line.startsWith("Run completed"));
        assertThat(resumed.exitCode()).as(resumed.text()).isEqualTo(3);
        assertThat(resumed.output())
                .anyMatch(line -> line.startsWith("Recovered execution 1 of job 'dispatch'"))
                .anyMatch(line -> line.startsWith("Run completed"));
        Map<String, Set<String>> messageIds = new HashMap<>();
        Map<String, Integer> deliveries = new HashMap<>();
        for (String line : record) {
            JsonNode message = JSON.readTree(line);
            String user = message.get("userId").asString();
            deliveries.merge(user, 1, Integer::sum);
            messageIds
                    .computeIfAbsent(user, k -> new HashSet<>())
                    .add(message.get("arguments").get(0).get("messageId").asString());
        }
        Set<String> failed = new HashSet<>(db.column("SELECT USER_ID FROM FAILED_SEND"));
        Set<String> expected = new HashSet<>(db.column("SELECT USER_ID FROM DISPATCH_TARGET WHERE WITHHELD IS NULL"));
        expected.removeIf(SAMPLE_HOLDOUT::holdsOut);
        assertThat(expected).hasSizeGreaterThan(2_000);
        assertThat(failed).contains("user-7");
        Set<String> reached = new HashSet<>(deliveries.keySet());
        reached.addAll(failed);
        assertThat(reached)
                .as("seed %d: every targeted user delivered or recorded", seed)
                .isEqualTo(expected);
        long duplicates = deliveries.values().stream()
                .filter(count -> count > 1)
                .mapToLong(count -> count - 1)
                .sum();
        assertThat(duplicates)
                .as("seed %d: duplicates only from the chunk in flight", seed)
                .isLessThanOrEqualTo(CHUNK);
        assertThat(messageIds)
                .as("seed %d: a duplicate carries its original messageId", seed)
                .allSatisfy((user, ids) -> assertThat(ids).hasSize(1));
    }
}
