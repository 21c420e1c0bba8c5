package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.DatabaseKind;
import io.signalranon.dispatcher.support.EmulatorProcess;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import io.signalranon.dispatcher.support.TestBroker;
import io.signalranon.dispatcher.support.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One manager and three worker processes on PostgreSQL and RabbitMQ, against an emulator in its own
 * process, through the failures a partitioned run meets: a worker killed (SIGKILL) in the middle of a
 * partition, a partition that fails (the service refuses its first chunk), restarted alone; a manager
 * killed in the middle of a run while a worker is stopped (SIGTERM), and the same command run again; a
 * send a worker recorded as failed, sent again by {@code reprocess}.
 * At the end, the emulator's record is compared user by user with what one process delivers of the same
 * runs: the same users, the same offers.
 */
class RemotePartitioningIntegrationTests {

    private static final int USERS = 3_000;
    private static final int CHUNK = 50;
    private static final String AS_OF = "2026-12-01T12:00:00Z";
    private static final Path OFFERS = Path.of("../sample-data/offers.json").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The first chunk of partition p005 (users 1250..1499 of 3,000 in 12 partitions of 250). */
    private static final List<String> REFUSED_CHUNK =
            IntStream.range(1250, 1250 + CHUNK).mapToObj(i -> user("user", i)).toList();

    /** A user of run B whose first send the service refuses for good: recorded by a worker, then reprocessed. */
    private static final String REFUSED_ONCE = user("buser", 10);

    @TempDir
    Path dir;

    private final List<ChildJvm> workers = new ArrayList<>();
    private TestBroker broker;
    private String queue;
    private EmulatorProcess emulator;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (ChildJvm worker : workers) {
            worker.kill();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (broker != null) {
            broker.deleteQueue(queue);
            broker.deleteQueue(queue + ".dlq");
            broker.close();
        }
    }

    @Test
    void partitionsRunOnSeveralWorkersThroughKillsStopsAndRestartsAndDeliverWhatOneProcessDoes() throws Exception {
        // given
        broker = TestBroker.connect();
        TestDb db = DatabaseKind.POSTGRESQL.fresh(getClass(), "remote", dir);
        queue = "dispatch.partition.requests.it-" + UUID.randomUUID();
        Path usersCsv = usersFile();
        String[] runA = {
            "run", "--input=csv:" + export("a", "user"), "--users=" + usersCsv, "--offers=" + OFFERS, "--as-of=" + AS_OF
        };
        String[] runB = {
            "run",
            "--input=csv:" + export("b", "buser"),
            "--users=" + usersCsv,
            "--offers=" + OFFERS,
            "--as-of=" + AS_OF
        };
        List<String> emulatorOptions = new ArrayList<>(List.of("--latency-ms=20"));
        REFUSED_CHUNK.forEach(user -> emulatorOptions.add("--fail-first=" + user + ":1:401"));
        emulatorOptions.add("--fail-first=" + REFUSED_ONCE + ":1:400");
        emulator = EmulatorProcess.start(dir, dir.resolve("record.ndjson"), emulatorOptions.toArray(String[]::new));
        Map<String, String> workerSettings = db.settings(settings());
        Map<String, String> managerSettings = new HashMap<>(workerSettings);
        managerSettings.put("dispatcher.remote.enabled", "true");
        for (int i = 0; i < 3; i++) {
            startWorker(workerSettings);
        }
        awaitWorkersListening(3);

        // when: run A; a worker is killed in the middle of a partition, another takes its place
        ChildJvm manager = ChildJvm.dispatcher(dir, emulator.env(), managerSettings, runA);
        ChildJvm killed = workers.get(0);
        assertThat(killed.awaitLine(started(1), 240))
                .as(killed.output().toString())
                .isTrue();
        Thread.sleep(1_000);
        killed.kill();
        String killedWorker = workerId(killed);
        String killedPartition = lastStarted(killed);
        startWorker(workerSettings);
        ChildJvm.Result first = manager.waitFor(400);

        // then: p005, refused by the service, failed alone; the killed worker's partition was finished by another
        assertThat(first.exitCode()).as(first.text()).isEqualTo(4);
        assertThat(first.output())
                .anyMatch(line -> line.startsWith("  partitions: 12 (11 completed, 1 failed) on "))
                .anyMatch(line -> line.startsWith("    partition p005 failed"));
        Map<String, JsonNode> partitions = partitions(report(first));
        assertThat(partitions).hasSize(12);
        assertThat(partitions.values().stream()
                        .map(p -> p.get("worker").asString())
                        .collect(Collectors.toSet()))
                .as("partitions ran on several workers")
                .hasSizeGreaterThanOrEqualTo(2);
        if (!killedPartition.equals("p005")) {
            assertThat(partitions.get(killedPartition).get("status").asString()).isEqualTo("COMPLETED");
            assertThat(partitions.get(killedPartition).get("worker").asString()).isNotEqualTo(killedWorker);
        }

        // when: restart
        ChildJvm.Result restart = ChildJvm.run(dir, emulator.env(), managerSettings, "restart");

        // then: only p005 ran again, and it completed
        assertThat(restart.exitCode()).as(restart.text()).isZero();
        Map<String, JsonNode> restarted = partitions(report(restart));
        long restartExecution = report(restart).get("executionId").asLong();
        assertThat(restarted.values())
                .allSatisfy(p -> assertThat(p.get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(restarted.entrySet())
                .allSatisfy(p -> assertThat(p.getValue().get("jobExecutionId").asLong() == restartExecution)
                        .as(p.getKey())
                        .isEqualTo(p.getKey().equals("p005")));

        // when: run B; a worker is stopped (SIGTERM) as it starts a partition, the manager is killed
        ChildJvm managerB = ChildJvm.dispatcher(dir, emulator.env(), managerSettings, runB);
        ChildJvm stopped = awaitAnyWorker(started(restartExecution + 1), 240);
        stopped.terminate();
        managerB.kill();
        ChildJvm.Result stoppedEnd = stopped.waitFor(90);
        ChildJvm.Result resumed = ChildJvm.run(dir, emulator.env(), managerSettings, runB);

        // then: the worker finished its chunk, put its partition back and exited 0; the run resumed and completed,
        // with the send a worker recorded as failed
        assertThat(stoppedEnd.exitCode()).as(stoppedEnd.text()).isZero();
        assertThat(stoppedEnd.output()).anyMatch(line -> line.contains("its request goes back to the queue"));
        assertThat(resumed.exitCode()).as(resumed.text()).isEqualTo(3);
        assertThat(resumed.output())
                .anyMatch(
                        line -> line.startsWith("Recovered execution " + (restartExecution + 1) + " of job 'dispatch'"))
                .anyMatch(line -> line.startsWith("  partitions: 12 (12 completed) on "));
        assertThat(db.column("SELECT USER_ID FROM FAILED_SEND")).containsExactly(REFUSED_ONCE);

        // when: the failures recorded by the workers are sent again
        ChildJvm.Result reprocess = ChildJvm.run(dir, emulator.env(), managerSettings, "reprocess");

        // then
        assertThat(reprocess.exitCode()).as(reprocess.text()).isZero();
        assertThat(db.column("SELECT COUNT(*) FROM FAILED_SEND WHERE RESOLVED_AT IS NULL"))
                .containsExactly("0");

        // when: the same runs in one process (the test's; its own H2 file)
        Path single = Files.createDirectories(dir.resolve("single"));
        ChildJvm.Result baseline = InProcessDispatcher.run(
                single,
                emulator.env(),
                Map.of("dispatcher.signalr.hub", "single", "dispatcher.delivery.chunk-size", "500"),
                "run",
                runA[1],
                runB[1],
                runA[2],
                runA[3],
                runA[4]);
        assertThat(baseline.exitCode()).as(baseline.text()).isZero();
        List<String> record = emulator.stopAndReadRecord();

        // then: the same users got the same offers; a user sent twice (the chunk of the killed worker) with one
        // messageId
        Map<String, Set<String>> partitioned = offersByUser(record, "offers");
        Map<String, Set<String>> oneProcess = offersByUser(record, "single");
        assertThat(oneProcess).hasSizeGreaterThan(5_000);
        assertThat(partitioned.keySet()).isEqualTo(oneProcess.keySet());
        assertThat(partitioned)
                .allSatisfy(
                        (user, offers) -> assertThat(offers).as(user).hasSize(1).isEqualTo(oneProcess.get(user)));
        assertDuplicatesOnlyFromOneChunkWithTheirMessageId(record);
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(broker.settings());
        settings.put("dispatcher.remote.queue", queue);
        settings.put("dispatcher.remote.partition-users", "250");
        settings.put("dispatcher.remote.poll-interval", "500ms");
        settings.put("dispatcher.remote.stale-after", "20s");
        settings.put("dispatcher.delivery.chunk-size", Integer.toString(CHUNK));
        settings.put("dispatcher.delivery.concurrency", "2");
        settings.put("dispatcher.delivery.max-attempts", "3");
        settings.put("dispatcher.delivery.initial-backoff", "10ms");
        settings.put("dispatcher.delivery.max-backoff", "50ms");
        settings.put("dispatcher.run.stop-timeout", "60s");
        return settings;
    }

    private void startWorker(Map<String, String> settings) throws IOException {
        workers.add(ChildJvm.dispatcher(dir, emulator.env(), settings, "worker"));
    }

    private void awaitWorkersListening(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (broker.consumers(queue) < count) {
            assertThat(System.nanoTime())
                    .as(
                            "%d workers listening: %s",
                            count, workers.stream().map(ChildJvm::output).toList())
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private ChildJvm awaitAnyWorker(Predicate<String> line, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (ChildJvm worker : workers) {
                if (worker.process().isAlive() && worker.output().stream().anyMatch(line)) {
                    return worker;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no worker started a partition: "
                + workers.stream().map(ChildJvm::output).toList());
    }

    private static Predicate<String> started(long execution) {
        return line -> line.contains("INFO  Partition dispatchPartition:")
                && line.endsWith("of execution " + execution + ") started");
    }

    private static String workerId(ChildJvm worker) {
        return worker.output().stream()
                .filter(line -> line.startsWith("Worker ") && line.contains(" takes partition requests"))
                .map(line -> line.split(" ")[1])
                .findFirst()
                .orElseThrow();
    }

    private static String lastStarted(ChildJvm worker) {
        List<String> started = worker.output().stream()
                .filter(line -> line.contains(") started"))
                .toList();
        String line = started.get(started.size() - 1);
        return line.substring(line.indexOf("dispatchPartition:") + "dispatchPartition:".length())
                .split(" ")[0];
    }

    private JsonNode report(ChildJvm.Result result) throws IOException {
        String path = result.output().stream()
                .filter(line -> line.startsWith("Report: "))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring("Report: ".length());
        return JSON.readTree(Files.readString(dir.resolve(path)));
    }

    private static Map<String, JsonNode> partitions(JsonNode report) {
        Map<String, JsonNode> partitions = new LinkedHashMap<>();
        report.get("partitions").forEach(p -> partitions.put(p.get("name").asString(), p));
        return partitions;
    }

    /** The offers each user got on {@code hub}, as JSON (a user sent twice has one entry when both were the same). */
    private static Map<String, Set<String>> offersByUser(List<String> record, String hub) {
        Map<String, Set<String>> offers = new HashMap<>();
        for (String line : record) {
            JsonNode message = JSON.readTree(line);
            if (message.get("hub").asString().equals(hub)) {
                offers.computeIfAbsent(message.get("userId").asString(), k -> new HashSet<>())
                        .add(message.get("arguments").get(0).get("offers").toString());
            }
        }
        return offers;
    }

    private static void assertDuplicatesOnlyFromOneChunkWithTheirMessageId(List<String> record) {
        Map<String, Integer> deliveries = new HashMap<>();
        Map<String, Set<String>> messageIds = new HashMap<>();
        for (String line : record) {
            JsonNode message = JSON.readTree(line);
            if (message.get("hub").asString().equals("offers")) {
                String user = message.get("userId").asString();
                deliveries.merge(user, 1, Integer::sum);
                messageIds
                        .computeIfAbsent(user, k -> new HashSet<>())
                        .add(message.get("arguments").get(0).get("messageId").asString());
            }
        }
        long duplicates =
                deliveries.values().stream().mapToLong(count -> count - 1).sum();
        System.out.println("partitioned runs: " + deliveries.size() + " users, " + duplicates + " sent twice");
        assertThat(duplicates)
                .as("duplicates only from the chunk in flight at the kill")
                .isLessThanOrEqualTo(CHUNK);
        assertThat(messageIds)
                .allSatisfy((user, ids) -> assertThat(ids).as(user).hasSize(1));
    }

    /** An export where each of 3,000 users' CDP ids enters audiences that the sample offers tell apart. */
    private Path export(String name, String prefix) throws IOException {
        StringBuilder csv = new StringBuilder("user_id,segment,status,timestamp\n");
        for (int i = 0; i < USERS; i++) {
            String cdp = "c-" + user(prefix, i);
            row(csv, cdp, i % 2 == 0 ? "cart_abandoners" : "leads");
            if (i % 3 == 0) {
                row(csv, cdp, "purchased_7d");
            }
            if (i % 10 == 0) {
                row(csv, "d-" + user(prefix, i), "high_value");
            }
        }
        return Files.writeString(dir.resolve(name + ".csv"), csv);
    }

    /** users.csv of both runs: a user id per CDP id, a second CDP id for every tenth user, consent withheld for some. */
    private Path usersFile() throws IOException {
        StringBuilder csv = new StringBuilder("user_id,cdp_id,consent\n");
        for (String prefix : List.of("user", "buser")) {
            for (int i = 0; i < USERS; i++) {
                String consent = i % 50 == 7 ? "no" : "yes";
                csv.append(user(prefix, i))
                        .append(",c-")
                        .append(user(prefix, i))
                        .append(',')
                        .append(consent)
                        .append('\n');
                if (i % 10 == 0) {
                    csv.append(user(prefix, i))
                            .append(",d-")
                            .append(user(prefix, i))
                            .append(',')
                            .append(consent)
                            .append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("users.csv"), csv);
    }

    private static void row(StringBuilder csv, String cdp, String segment) {
        csv.append(cdp).append(',').append(segment).append(",enter,2026-11-30T10:00:00Z\n");
    }

    private static String user(String prefix, int i) {
        return String.format(Locale.ROOT, "%s-%05d", prefix, i);
    }
}
