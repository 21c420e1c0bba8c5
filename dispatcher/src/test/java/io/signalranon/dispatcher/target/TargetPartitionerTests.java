package io.signalranon.dispatcher.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.TargetRanges;
import io.signalranon.dispatcher.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dispatch step's partitions: key ranges of nearly equal numbers of users that, read each by the
 * step's reader, give every target of the run once, never splitting the rows of one user.
 */
class TargetPartitionerTests {

    private static final long INSTANCE = 3;

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private final DispatchTargetRepository targets = new DispatchTargetRepository(jdbc);

    @Test
    void rangesOfEqualSizeReadEveryTargetOnceAndKeepAUsersCdpIdsTogether() {
        // given: 100 users, user 24 (the end of the first quarter) with three CDP ids, and another run's targets
        for (int i = 0; i < 100; i++) {
            insert(INSTANCE, user(i), "cdp-" + i);
        }
        insert(INSTANCE, user(24), "cdp-24b");
        insert(INSTANCE, user(24), "cdp-24c");
        insert(INSTANCE + 1, user(200), "cdp-200");

        // when
        Map<String, ExecutionContext> partitions =
                new TargetPartitioner(targets, INSTANCE, Map.of("shared", 2)).partition(4);

        // then
        assertThat(partitions).containsOnlyKeys("p000", "p001", "p002", "p003");
        List<String> read = new ArrayList<>();
        for (ExecutionContext context : partitions.values()) {
            assertThat(context.getInt("shared")).isEqualTo(2);
            List<String> users = readAll(context);
            assertThat(users).hasSize(25);
            read.addAll(users);
        }
        assertThat(read).doesNotHaveDuplicates().hasSize(100).doesNotContain(user(200));
        assertThat(readAll(partitions.get("p000"))).endsWith(user(24));
        assertThat(partitions.get("p003").containsKey(DispatchTargetReader.UP_TO_USER_ID))
                .isFalse();
    }

    @Test
    void fewerUsersThanPartitionsGiveOnePartitionPerUserAndEmptyOnesAfter() {
        // given: (a restart splits with its first grid size, also when users were forgotten since)
        insert(INSTANCE, user(1), "a");
        insert(INSTANCE, user(2), "b");

        // when / then
        Map<String, ExecutionContext> two = new TargetPartitioner(targets, INSTANCE, Map.of()).partition(4);
        assertThat(two).containsOnlyKeys("p000", "p001", "p002", "p003");
        assertThat(readAll(two.get("p000"))).containsExactly(user(1));
        assertThat(readAll(two.get("p001"))).containsExactly(user(2));
        assertThat(readAll(two.get("p002"))).isEmpty();
        assertThat(readAll(two.get("p003"))).isEmpty();
        insert(INSTANCE, user(3), "c");
        assertThat(readAll(two.get("p003")))
                .as("the last range is open: no user after the others is left out")
                .containsExactly(user(3));
        Map<String, ExecutionContext> none = new TargetPartitioner(targets, INSTANCE + 5, Map.of()).partition(3);
        assertThat(none).containsOnlyKeys("p000", "p001", "p002");
        for (ExecutionContext context : none.values()) {
            assertThat(readAll(INSTANCE + 5, context)).isEmpty();
        }
        assertThat(new TargetPartitioner(targets, INSTANCE + 5, Map.of()).partition(1))
                .containsOnlyKeys("p000");
    }

    @Test
    void theSameTargetsGiveTheSamePartitions() {
        // given
        for (int i = 0; i < 30; i++) {
            insert(INSTANCE, user(i), "cdp-" + i);
        }

        // when / then
        assertThat(new TargetPartitioner(targets, INSTANCE, Map.of()).partition(7))
                .isEqualTo(new TargetPartitioner(targets, INSTANCE, Map.of()).partition(7));
    }

    @Test
    void thePartitionsNotStoredSplitTheUsersAfterTheGreatestRangeEndOfTheStoredOnes() {
        // given: 10 users; a restart finds p000 and p001 stored (a stop while they were created), p001 ending
        // at user 5, past where the targets now put its bound
        for (int i = 0; i < 10; i++) {
            insert(INSTANCE, user(i), "cdp-" + i);
        }
        ExecutionContext p000 = new ExecutionContext(Map.of(DispatchTargetReader.UP_TO_USER_ID, user(2)));
        ExecutionContext p001 = new ExecutionContext(
                Map.of(DispatchTargetReader.LAST_USER_ID, user(2), DispatchTargetReader.UP_TO_USER_ID, user(5)));

        // when
        Map<String, ExecutionContext> partitions = new TargetPartitioner(targets, INSTANCE, Map.of("shared", 2))
                .partition(5, Map.of("p000", p000, "p001", p001));

        // then: the stored ones as stored, the others from user 6 on, the last one open
        assertThat(partitions).containsOnlyKeys("p000", "p001", "p002", "p003", "p004");
        assertThat(partitions.get("p000")).isEqualTo(p000);
        assertThat(partitions.get("p001")).isEqualTo(p001);
        assertThat(readAll(partitions.get("p002"))).containsExactly(user(6), user(7));
        assertThat(readAll(partitions.get("p003"))).containsExactly(user(8));
        assertThat(readAll(partitions.get("p004"))).containsExactly(user(9));
        assertThat(partitions.get("p002").getInt("shared")).isEqualTo(2);
        assertThat(partitions.get("p004").containsKey(DispatchTargetReader.UP_TO_USER_ID))
                .isFalse();
        assertThat(new TargetPartitioner(targets, INSTANCE, Map.of()).partition(5, Map.of()))
                .as("a first split")
                .isEqualTo(new TargetPartitioner(targets, INSTANCE, Map.of()).partition(5));
    }

    private List<String> readAll(ExecutionContext context) {
        return readAll(INSTANCE, context);
    }

    private List<String> readAll(long instance, ExecutionContext context) {
        return TargetRanges.userIds(targets, instance, context);
    }

    private void insert(long instance, String userId, String cdpId) {
        jdbc.update(
                "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, NULL)",
                instance,
                userId,
                cdpId);
    }

    private static String user(int i) {
        return String.format(Locale.ROOT, "user-%03d", i);
    }
}
