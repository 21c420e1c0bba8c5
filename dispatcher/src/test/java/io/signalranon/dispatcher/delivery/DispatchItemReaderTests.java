package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.support.TestDatabase;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.TargetRange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The dispatch step's items: the targets, then the messages left pending, against a real database. */
class DispatchItemReaderTests {

    private static final long RUN = 3L;
    private static final PendingSendRepository.Step STEP = new PendingSendRepository.Step(RUN, "dispatch");
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private JdbcTemplate jdbc;
    private PendingSendRepository pendingSends;
    private final List<TargetRange> pagesRead = new CopyOnWriteArrayList<>();

    @BeforeEach
    void database() {
        jdbc = new JdbcTemplate(TestDatabase.create());
        pendingSends = new PendingSendRepository(jdbc);
    }

    @Test
    void readsTheTargetsThenEveryPendingMessageDueFirstAndEndsOnlyWhenNoneIsLeft() {
        // given: two targets; three pending messages: one due, one due in 10 ms, one due in 10 s
        target("u-1");
        target("u-2");
        pending("p-late", NOW.plusSeconds(10));
        pending("p-due", NOW.minusSeconds(1));
        pending("p-soon", NOW.plusMillis(10));
        DispatchItemReader reader = reader(10);

        // when: one chunk of up to 10 items
        List<String> read = readChunk(reader, 10);

        // then: the message due at the start with the targets, then the others earliest first (the chunk waits for
        // them): none is left behind by the end of the step, none given twice
        assertThat(read).containsExactly("p-due", "u-1", "u-2", "p-soon", "p-late");
        assertThat(reader.ended()).isTrue();
    }

    @Test
    void aChunkFullOfTargetsIsNotTheLastAndTheNextTakesWhatWasLeftPending() {
        // given
        target("u-1");
        target("u-2");
        DispatchItemReader reader = reader(2);

        // when: a full chunk of targets; then its message for u-2 is left pending (as its write would) and committed
        List<String> first = readChunk(reader, 2);
        boolean lastAfterFirst = reader.ended();
        pending("u-2", NOW.plusMillis(200));
        List<String> second = readChunk(reader, 2);

        // then
        assertThat(first).containsExactly("u-1", "u-2");
        assertThat(lastAfterFirst).as("a full chunk may not be the last").isFalse();
        assertThat(second).containsExactly("u-2");
        assertThat(reader.ended()).isTrue();
    }

    @Test
    void aChunkTakesNoMoreThanItsSizeOfPendingMessagesAndTheDueOnesFirst() {
        // given: five pending messages, two of them due much later
        pending("later-1", NOW.plusSeconds(5));
        pending("later-2", NOW.plusSeconds(5));
        pending("due-1", NOW.minusMillis(30));
        pending("due-2", NOW.minusMillis(20));
        pending("due-3", NOW.minusMillis(10));
        DispatchItemReader reader = reader(3);

        // when
        List<String> chunk = readChunk(reader, 3);

        // then
        assertThat(chunk).containsExactly("due-1", "due-2", "due-3");
        assertThat(reader.ended()).isFalse();
    }

    @Test
    void pendingMessagesDueWhenAChunkStartsGoWithTheNextChunkWhosePageOfTargetsIsSizedToTheRoomTheyLeave() {
        // given: seven targets; one pending message due
        for (int i = 1; i <= 7; i++) {
            target("u-" + i);
        }
        pending("p-1", NOW.minusMillis(20));
        DispatchItemReader reader = reader(3);

        // when: chunks of three; the first leaves a message pending, due at once (as its write would)
        List<String> first = readChunk(reader, 3);
        pending("p-2", NOW.minusMillis(5));
        List<String> second = readChunk(reader, 3);
        List<String> third = readChunk(reader, 3);

        // then: what was due when a chunk started goes with the chunk after it, before a page of targets that
        // fills the rest; each page read ahead is exactly its chunk's targets
        assertThat(first).containsExactly("p-1", "u-1", "u-2");
        assertThat(second)
                .as("p-2 was not pending when the first chunk started")
                .containsExactly("u-3", "u-4", "u-5");
        assertThat(third).containsExactly("p-2", "u-6", "u-7");
        assertThat(pagesRead).extracting(TargetRange::firstUserId).startsWith("u-1", "u-3", "u-6");
        assertThat(pagesRead).extracting(TargetRange::lastUserId).startsWith("u-2", "u-5", "u-7");
        assertThat(readChunk(reader, 3)).isEmpty();
        assertThat(reader.ended()).isTrue();
    }

    @Test
    void aChunkTakesNoMoreThanOneLessThanItsSizeOfPendingMessagesWhileTargetsAreLeft() {
        // given: three targets; four pending messages due
        target("u-1");
        target("u-2");
        target("u-3");
        for (int i = 1; i <= 4; i++) {
            pending("p-" + i, NOW.minusMillis(50 - i));
        }
        DispatchItemReader reader = reader(3);

        // when
        List<String> first = readChunk(reader, 3);
        List<String> second = readChunk(reader, 3);
        List<String> third = readChunk(reader, 3);

        // then: every chunk reads targets while some are left, and none holds more than three messages
        assertThat(first).containsExactly("p-1", "p-2", "u-1");
        assertThat(second).containsExactly("p-3", "p-4", "u-2");
        assertThat(third).containsExactly("u-3");
        assertThat(reader.ended()).isTrue();
    }

    private DispatchItemReader reader(int chunkSize) {
        DispatchItemReader reader = new DispatchItemReader(
                new DispatchTargetReader(new DispatchTargetRepository(jdbc), RUN, chunkSize, pagesRead::add),
                pendingSends,
                STEP,
                chunkSize,
                Clock.fixed(NOW, ZoneOffset.UTC));
        reader.open(new ExecutionContext());
        return reader;
    }

    /** Reads a chunk as the step does (up to its size, or to the end), and commits it: its pending rows go. */
    private List<String> readChunk(DispatchItemReader reader, int size) {
        List<String> ids = new ArrayList<>();
        List<PendingSendRepository.Pending> taken = new ArrayList<>();
        ChunkItem item;
        while (ids.size() < size && (item = reader.read()) != null) {
            if (item instanceof ChunkItem.Resend resend) {
                ids.add(resend.pending().retry().message().userId());
                taken.add(resend.pending());
            } else {
                ids.add(((ChunkItem.Target) item).target().userId());
            }
        }
        pendingSends.deleteAll(taken);
        return ids;
    }

    private void target(String userId) {
        jdbc.update(
                "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID) VALUES (?, ?, ?)", RUN, userId, userId);
    }

    private void pending(String userId, Instant dueAt) {
        pendingSends.recordAll(
                List.of(new RetryingSender.Deferred(
                        new OutgoingMessage(userId, "m-" + userId, "{}", List.of(), null),
                        RetryingSender.Progress.NONE,
                        dueAt)),
                STEP);
    }
}
