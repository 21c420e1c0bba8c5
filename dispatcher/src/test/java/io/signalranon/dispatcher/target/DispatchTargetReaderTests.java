package io.signalranon.dispatcher.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dispatch step's reader: the run's targets in key order, a page at a time, each page read ahead
 * and announced with its key range; a restart goes on after the last target of the last committed chunk.
 */
class DispatchTargetReaderTests {

    private static final long INSTANCE = 7;

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private final List<TargetRange> pagesRead = new CopyOnWriteArrayList<>();
    private DispatchTargetReader reader;

    @BeforeEach
    void sevenTargetsAndAnotherRunsTwo() {
        for (int i = 7; i >= 1; i--) {
            insert(INSTANCE, user(i), i == 5 ? "SUPPRESSED" : null);
        }
        insert(INSTANCE - 1, user(0), null);
        insert(INSTANCE + 1, user(8), null);
    }

    @AfterEach
    void close() {
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    void readsTheRunsTargetsInKeyOrderAPageAtATime() {
        // when
        List<DispatchTarget> targets = readAll(open(3, new ExecutionContext()));

        // then
        assertThat(targets)
                .extracting(DispatchTarget::userId)
                .containsExactly(user(1), user(2), user(3), user(4), user(5), user(6), user(7));
        assertThat(targets.get(4)).isEqualTo(new DispatchTarget(user(5), WithholdReason.SUPPRESSED));
        assertThat(targets.get(5)).isEqualTo(new DispatchTarget(user(6), null));
        assertThat(pagesRead).containsExactly(range(1, 3), range(4, 6), range(7, 7));
    }

    @Test
    void aUserWithSeveralCdpIdsIsOneTargetWhereverItsRowsFallAgainstThePages() {
        // given: user 3 has four CDP ids, one of them suppressed; user 6 has two, one of them without consent
        for (String cdpId : List.of("a", "b", "c")) {
            jdbc.update(
                    "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, ?)",
                    INSTANCE,
                    user(3),
                    cdpId,
                    cdpId.equals("b") ? "SUPPRESSED" : null);
        }
        jdbc.update(
                "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, ?)",
                INSTANCE,
                user(6),
                "a",
                "NO_CONSENT");

        // when: pages of 1 to 4 users, rows of one user on both sides of a page's end
        for (int pageSize = 1; pageSize <= 4; pageSize++) {
            pagesRead.clear();
            List<DispatchTarget> targets = readAll(open(pageSize, new ExecutionContext()));

            // then
            assertThat(targets)
                    .as("pages of %d", pageSize)
                    .containsExactly(
                            new DispatchTarget(user(1), null),
                            new DispatchTarget(user(2), null),
                            new DispatchTarget(user(3), WithholdReason.SUPPRESSED),
                            new DispatchTarget(user(4), null),
                            new DispatchTarget(user(5), WithholdReason.SUPPRESSED),
                            new DispatchTarget(user(6), WithholdReason.NO_CONSENT),
                            new DispatchTarget(user(7), null));
            reader.close();
            reader = null;
        }
    }

    @Test
    void theNextPageIsReadAndAnnouncedBeforeItIsAskedFor() throws Exception {
        // given
        DispatchTargetReader reader = open(3, new ExecutionContext());

        // when: the first target of the first page
        reader.read();

        // then: the second page is read ahead while the first is processed
        for (int i = 0; i < 100 && pagesRead.size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(pagesRead).containsExactly(range(1, 3), range(4, 6));
    }

    @Test
    void aRunWhoseTargetsFillTheLastPageEndsAfterIt() {
        // given
        jdbc.update("DELETE FROM DISPATCH_TARGET WHERE USER_ID = ?", user(7));

        // when
        List<DispatchTarget> targets = readAll(open(3, new ExecutionContext()));

        // then
        assertThat(targets).hasSize(6);
        assertThat(pagesRead).containsExactly(range(1, 3), range(4, 6));
    }

    @Test
    void aRestartGoesOnAfterTheLastCommittedTarget() {
        // given: a chunk of three committed, the next chunk's reads rolled back
        ExecutionContext context = new ExecutionContext();
        DispatchTargetReader first = open(3, context);
        for (int i = 0; i < 3; i++) {
            first.read();
        }
        first.update(context);
        first.read();
        first.close();
        pagesRead.clear();

        // when
        List<DispatchTarget> targets = readAll(open(3, context));

        // then
        assertThat(targets).extracting(DispatchTarget::userId).containsExactly(user(4), user(5), user(6), user(7));
        assertThat(pagesRead).containsExactly(range(4, 6), range(7, 7));
    }

    @Test
    void aRunWithoutTargetsReadsNothing() {
        // given
        jdbc.update("DELETE FROM DISPATCH_TARGET WHERE JOB_INSTANCE_ID = ?", INSTANCE);

        // when / then
        assertThat(open(3, new ExecutionContext()).read()).isNull();
        assertThat(pagesRead).isEmpty();
    }

    private DispatchTargetReader open(int pageSize, ExecutionContext context) {
        reader = new DispatchTargetReader(new DispatchTargetRepository(jdbc), INSTANCE, pageSize, pagesRead::add);
        reader.open(context);
        return reader;
    }

    private static List<DispatchTarget> readAll(DispatchTargetReader reader) {
        List<DispatchTarget> targets = new ArrayList<>();
        for (DispatchTarget target = reader.read(); target != null; target = reader.read()) {
            targets.add(target);
        }
        return targets;
    }

    private void insert(long instance, String userId, String withheld) {
        jdbc.update(
                "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, ?)",
                instance,
                userId,
                "cdp-" + userId,
                withheld);
    }

    private static TargetRange range(int first, int last) {
        return new TargetRange(INSTANCE, user(first), user(last));
    }

    private static String user(int i) {
        return "user-" + i;
    }
}
