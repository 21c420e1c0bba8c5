package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.ApiVersion;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.offer.DispatchPlanner;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.support.TestDatabase;
import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.emulator.AcceptedMessage;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sending writer against a real emulator and a real database, with faults. */
class DeliveryWriterIntegrationTests {

    private static final String HUB = "offers";
    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");
    private static final RetrySchedule FAST =
            new RetrySchedule(5, Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofMillis(20));

    private JdbcTemplate jdbc;
    private SignalREmulator emulator;
    private SignalRRestClient client;
    private final Map<String, Integer> decisions = new ConcurrentHashMap<>();
    private static final long JOB_INSTANCE = 7L;
    private static final PendingSendRepository.Step STEP = new PendingSendRepository.Step(JOB_INSTANCE, "dispatch");

    private List<DispatchTarget> upcoming;
    private boolean last = true;
    private DispatchItemReader reader;

    @BeforeEach
    void database() {
        jdbc = new JdbcTemplate(TestDatabase.create());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private DeliveryWriter writerAgainst(FaultPlan faults, String accessKey) {
        emulator = SignalREmulator.builder().port(0).faultPlan(faults).build().start();
        ConnectionString emulated = ConnectionString.parse(emulator.connectionString());
        ConnectionString used = new ConnectionString(
                emulated.endpoint(),
                emulated.serverEndpoint(),
                emulated.clientEndpoint(),
                accessKey == null ? emulated.accessKey() : accessKey);
        client = SignalRRestClient.builder(used)
                .apiVersion(ApiVersion.V1)
                .maxConnections(8)
                .build();
        DispatchPlanner planner = targets -> target -> {
            decisions.merge(target.userId(), 1, Integer::sum);
            return new DispatchItem.Send(new OutgoingMessage(
                    target.userId(),
                    "m-" + target.userId(),
                    "{\"target\":\"offers\",\"arguments\":[{\"messageId\":\"m-" + target.userId() + "\"}]}",
                    List.of("cart-10"),
                    null));
        };
        AttemptTally attempts = new AttemptTally();
        DeliveryWriter writer = new DeliveryWriter(
                planner,
                new ConcurrentSender(
                        new RetryingSender(
                                new SignalRTransport(client, HUB),
                                FAST,
                                SendGate.fixed(8, Double.POSITIVE_INFINITY, Duration.ofSeconds(1), System::nanoTime),
                                attempts),
                        8,
                        attempts,
                        StallWatch.none(),
                        () -> false),
                new OfferSentRepository(jdbc),
                new FailedSendRepository(jdbc),
                new PendingSendRepository(jdbc),
                new DeliveryWriter.Run(
                        42L,
                        JOB_INSTANCE,
                        STEP.name(),
                        AS_OF,
                        () -> reader == null ? upcoming : reader.nextPageIfRead(),
                        () -> reader == null ? last : reader.ended()),
                Clock.systemUTC(),
                attempts);
        writer.open(new ExecutionContext());
        return writer;
    }

    /** The send attempts the writer keeps in the step's execution context. */
    private static long attempts(DeliveryWriter writer) {
        ExecutionContext context = new ExecutionContext();
        writer.update(context);
        return AttemptTally.total(context);
    }

    private static Chunk<ChunkItem> chunkOf(int users) {
        return chunk(targets(0, users));
    }

    private static Chunk<ChunkItem> chunk(List<DispatchTarget> targets) {
        return new Chunk<>(
                targets.stream().<ChunkItem>map(ChunkItem.Target::new).toList());
    }

    /**
     * Runs the writer as the dispatch step does, over {@code users} targets stored for the run: chunks of
     * {@code chunkSize} items read by a {@link DispatchItemReader} (the targets, then what is left pending).
     *
     * @return the messages each chunk delivered or failed (what a kill -9 in it would send again)
     */
    private List<Long> runStep(DeliveryWriter writer, int users, int chunkSize) throws Exception {
        targets(0, users)
                .forEach(t -> jdbc.update(
                        "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID) VALUES (?, ?, ?)",
                        JOB_INSTANCE,
                        t.userId(),
                        t.userId()));
        reader = new DispatchItemReader(
                new DispatchTargetReader(new DispatchTargetRepository(jdbc), JOB_INSTANCE, chunkSize, range -> {}),
                new PendingSendRepository(jdbc),
                STEP,
                chunkSize,
                Clock.systemUTC());
        reader.open(new ExecutionContext());
        List<Long> sentPerChunk = new ArrayList<>();
        try {
            while (true) {
                Chunk<ChunkItem> chunk = new Chunk<>();
                ChunkItem item;
                while (chunk.size() < chunkSize && (item = reader.read()) != null) {
                    chunk.add(item);
                }
                if (chunk.isEmpty()) {
                    return sentPerChunk;
                }
                long before = writer.counters().delivered() + writer.counters().failed();
                writer.write(chunk);
                sentPerChunk.add(
                        writer.counters().delivered() + writer.counters().failed() - before);
            }
        } finally {
            reader.close();
            writer.close();
        }
    }

    private static List<DispatchTarget> targets(int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(i -> new DispatchTarget(user(i), null))
                .toList();
    }

    @Test
    void theNextChunkIsPreparedAheadAndSentOnlyByItsOwnWrite() throws Exception {
        // given: the next chunk's targets are read when the first chunk is sent
        DeliveryWriter writer = writerAgainst(FaultPlan.NONE, null);
        upcoming = targets(100, 100);
        last = false;

        // when
        writer.write(chunk(targets(0, 100)));
        upcoming = null;
        last = true;
        for (int i = 0; i < 200 && decisions.size() < 200; i++) {
            Thread.sleep(5);
        }

        // then: decided ahead, not sent
        assertThat(decisions).containsKey(user(100));
        Thread.sleep(100);
        assertThat(emulator.requestCount()).isEqualTo(100);

        // when: its own chunk
        writer.write(chunk(targets(100, 100)));
        writer.close();

        // then
        assertThat(acceptedPerUser())
                .hasSize(200)
                .allSatisfy((userId, count) -> assertThat(count).isEqualTo(1));
        assertThat(emulator.requestCount()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM OFFER_SENT", Integer.class))
                .isEqualTo(200);
    }

    @Test
    void aChunkPreparedAheadThatDoesNotComeIsNeverSent() throws Exception {
        // given
        DeliveryWriter writer = writerAgainst(FaultPlan.NONE, null);
        upcoming = targets(100, 100);
        last = false;
        writer.write(chunk(targets(0, 100)));
        upcoming = null;
        last = true;

        // when: another chunk comes (or none: the step ends)
        writer.write(chunk(targets(300, 50)));
        writer.close();
        Thread.sleep(100);

        // then
        assertThat(acceptedPerUser())
                .hasSize(150)
                .allSatisfy((userId, count) -> assertThat(count).isEqualTo(1))
                .doesNotContainKeys(user(100), user(199));
        assertThat(emulator.requestCount()).isEqualTo(150);
    }

    private static String user(int i) {
        return "u-%03d".formatted(i);
    }

    private Map<String, Long> acceptedPerUser() {
        return emulator.accepted().stream()
                .collect(Collectors.groupingBy(AcceptedMessage::userId, Collectors.counting()));
    }

    private List<Map<String, Object>> failedSends() {
        return jdbc.queryForList(
                "SELECT USER_ID, STATUS, ATTEMPTS, MESSAGE_ID, MESSAGE FROM FAILED_SEND ORDER BY USER_ID");
    }

    @Test
    void permanentFailureIsRecordedWithoutResendingTheChunk() {
        // given
        DeliveryWriter writer = writerAgainst(
                FaultPlan.builder()
                        .failFirst(user(13), 1_000, 400)
                        .failFirst(user(20), 2, 503)
                        .build(),
                null);

        // when
        writer.write(chunkOf(100));
        writer.close();

        // then
        assertThat(acceptedPerUser())
                .hasSize(99)
                .allSatisfy((userId, count) -> assertThat(count).isEqualTo(1));
        assertThat(acceptedPerUser()).doesNotContainKey(user(13));
        assertThat(emulator.requestCount()).isEqualTo(100 + 2);
        assertThat(failedSends()).singleElement().satisfies(row -> {
            assertThat(row.get("USER_ID")).isEqualTo(user(13));
            assertThat(row.get("STATUS")).isEqualTo(400);
            assertThat(row.get("ATTEMPTS")).isEqualTo(1);
            assertThat(row.get("MESSAGE_ID")).isEqualTo("m-" + user(13));
            assertThat((String) row.get("MESSAGE")).contains("\"messageId\":\"m-" + user(13) + "\"");
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM OFFER_SENT", Integer.class))
                .isEqualTo(99);
        assertThat(writer.counters().delivered()).isEqualTo(99);
        assertThat(writer.counters().failed()).isEqualTo(1);
        assertThat(attempts(writer)).isEqualTo(102);
    }

    @Test
    void everyUserIsDeliveredOnceOrRecordedUnderRandomFaults() throws Exception {
        // given
        DeliveryWriter writer = writerAgainst(
                FaultPlan.builder()
                        .seed(7)
                        .throttleWithRetryAfter(0.05)
                        .throttle(0.05)
                        .unavailable(0.10)
                        .serverError(0.05)
                        .drop(0.05)
                        .failFirst(user(7), 1_000, 503)
                        .build(),
                null);

        // when
        List<Long> sentPerChunk = runStep(writer, 400, 100);

        // then
        Map<String, Long> accepted = acceptedPerUser();
        Map<String, Map<String, Object>> failed = failedSends().stream()
                .collect(Collectors.toMap(row -> (String) row.get("USER_ID"), Function.identity()));
        assertThat(accepted.values()).allMatch(count -> count == 1);
        assertThat(failed).containsKey(user(7));
        assertThat(failed.keySet()).noneMatch(accepted::containsKey);
        assertThat(accepted.size() + failed.size()).isEqualTo(400);
        assertThat(failed.values())
                .as("every attempt a failed message was allowed (5), plus the 429s among them, which do not count")
                .allSatisfy(row -> assertThat((Integer) row.get("ATTEMPTS")).isGreaterThanOrEqualTo(5));
        assertThat(writer.counters().delivered()).isEqualTo(accepted.size());
        assertThat(attempts(writer)).isEqualTo(emulator.requestCount());
        assertThat(pendingRows())
                .as("nothing left pending after the last chunk")
                .isZero();
        assertThat(sentPerChunk)
                .as("no chunk sends more messages than its size, so a kill re-sends at most that many")
                .allSatisfy(sent -> assertThat(sent).isLessThanOrEqualTo(100));
        assertThat(sentPerChunk.size())
                .as("the pending messages took chunks of their own")
                .isGreaterThan(4);
    }

    @Test
    void manyPendingMessagesAreSentInChunksOfTheirOwnNeverMoreThanAChunkAtOnce() throws Exception {
        // given: a service that answers a third of the sends 503 (each a short back-off)
        DeliveryWriter writer =
                writerAgainst(FaultPlan.builder().seed(11).unavailable(0.34).build(), null);

        // when: 300 users in chunks of 50
        List<Long> sentPerChunk = runStep(writer, 300, 50);

        // then: every user delivered once (or, out of attempts, recorded), none left pending, and no chunk
        // sent more than 50
        Map<String, Long> accepted = acceptedPerUser();
        assertThat(accepted.values()).allMatch(count -> count == 1);
        assertThat(accepted.size() + failedSends().size()).isEqualTo(300);
        assertThat(pendingRows()).isZero();
        assertThat(sentPerChunk).allSatisfy(sent -> assertThat(sent).isBetween(0L, 50L));
        assertThat(sentPerChunk.stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(sentPerChunk.size())
                .as("six chunks of targets, then the pending messages (about a third of 300) in chunks of 50")
                .isGreaterThanOrEqualTo(8);
    }

    private int pendingRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM PENDING_SEND", Integer.class);
    }

    @Test
    void aMessageThatMustWaitIsRecordedPendingAndSentOnceTheTargetsAreRead() {
        // given: the service answers user 5's first attempt 503 (a back-off of a few milliseconds)
        DeliveryWriter writer =
                writerAgainst(FaultPlan.builder().failFirst(user(5), 1, 503).build(), null);
        last = false;

        // when: the first chunk
        writer.write(chunk(targets(0, 50)));

        // then: it committed without waiting for user 5, whose message is pending, not failed
        assertThat(acceptedPerUser()).hasSize(49).doesNotContainKey(user(5));
        assertThat(jdbc.queryForList("SELECT USER_ID, ATTEMPTS, STATUS FROM PENDING_SEND"))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("USER_ID")).isEqualTo(user(5));
                    assertThat(row.get("ATTEMPTS")).isEqualTo(1);
                    assertThat(row.get("STATUS")).isEqualTo(503);
                });
        assertThat(failedSends()).isEmpty();

        // when: the next chunk of targets (the step has yet to read what is pending)
        writer.write(chunk(targets(50, 50)));

        // then: user 5 is not in it
        assertThat(acceptedPerUser()).hasSize(99).doesNotContainKey(user(5));
        assertThat(pendingRows()).isOne();

        // when: the targets are all read, and the pending message is an item of the step's last chunk
        last = true;
        writer.write(new Chunk<>(new PendingSendRepository(jdbc)
                .dueBy(STEP, Instant.now().plusSeconds(60), 50).stream()
                        .<ChunkItem>map(ChunkItem.Resend::new)
                        .toList()));
        writer.close();

        // then: sent once more, with its message of the first chunk, and no longer pending
        assertThat(acceptedPerUser())
                .hasSize(100)
                .allSatisfy((userId, count) -> assertThat(count).isEqualTo(1));
        assertThat(pendingRows()).isZero();
        assertThat(writer.counters().delivered()).isEqualTo(100);
        assertThat(attempts(writer)).isEqualTo(101);
    }

    @Test
    void wrongKeyFailsFastWithoutRecordingAnything() {
        // given
        DeliveryWriter writer = writerAgainst(FaultPlan.NONE, "not-the-key");

        // when / then
        assertThatThrownBy(() -> writer.write(chunkOf(10)))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("not-the-key");
        assertThat(emulator.requestCount()).isEqualTo(10);
        assertThat(failedSends()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM OFFER_SENT", Integer.class))
                .isZero();
        writer.close();
    }

    @Test
    void unreachableServiceFailsFast() {
        // given
        DeliveryWriter writer = writerAgainst(FaultPlan.NONE, null);
        emulator.close();

        // when / then
        assertThatThrownBy(() -> writer.write(chunkOf(3)))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("unreachable");
        assertThat(failedSends()).isEmpty();
        writer.close();
    }
}
