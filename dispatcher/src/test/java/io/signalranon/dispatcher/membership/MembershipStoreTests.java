package io.signalranon.dispatcher.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.ingest.ChangeRow;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.RowOrigin;
import io.signalranon.dispatcher.support.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class MembershipStoreTests {

    private static final RowOrigin CHANGES = new RowOrigin(0, 0, InputFormat.CSV, "changes.csv", false);
    private static final RowOrigin SNAPSHOT = new RowOrigin(1, 1, InputFormat.UNOMI_CSV, "profiles.csv", true);
    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-22T10:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private final MembershipStore store = new MembershipStore(jdbc);

    @Test
    void entryThenExitLeavesAnExitedRow() {
        // given
        store.apply(1, List.of(row("a", "vip", true, T1)));
        // when
        store.apply(1, List.of(row("a", "vip", false, T2)));
        // then
        assertThat(membership("a", "vip")).isEqualTo("false@" + T2);
    }

    @Test
    void exitWinsATieInOneChunkAndAcrossChunks() {
        // given / when
        store.apply(1, List.of(row("a", "vip", true, T1), row("a", "vip", false, T1), row("a", "vip", true, T1)));
        store.apply(1, List.of(row("b", "vip", false, T1)));
        store.apply(1, List.of(row("b", "vip", true, T1)));
        // then
        assertThat(membership("a", "vip")).isEqualTo("false@" + T1);
        assertThat(membership("b", "vip")).isEqualTo("false@" + T1);
    }

    @Test
    void anOlderLateRowIsIgnored() {
        // given
        store.apply(1, List.of(row("a", "vip", false, T2)));
        // when
        Map<Integer, Integer> changed = store.apply(2, List.of(row("a", "vip", true, T1)));
        // then
        assertThat(membership("a", "vip")).isEqualTo("false@" + T2);
        assertThat(changed).isEmpty();
    }

    @Test
    void duplicateRowsCountOnce() {
        // when
        Map<Integer, Integer> changed = store.apply(
                1, List.of(row("a", "vip", true, T1), row("a", "vip", true, T1), row("a", "vip", true, T2)));
        // then
        assertThat(changed).containsEntry(0, 1);
        assertThat(membership("a", "vip")).isEqualTo("true@" + T2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aSnapshotExitsMembersItDoesNotList() {
        // given
        store.apply(
                1,
                List.of(
                        row("a", "leads", true, T1),
                        row("b", "leads", true, T1),
                        row("c", "leads", true, T3),
                        row("d", "other", true, T1)));
        // when
        store.apply(2, List.of(new ChangeRow(SNAPSHOT, 2, "a", "leads", true, T2)));
        int exited = store.exitAbsent(2, SNAPSHOT.fileNo(), T2, Set.of());
        // then
        assertThat(exited).isEqualTo(1);
        assertThat(membership("a", "leads")).as("listed, later time").isEqualTo("true@" + T2);
        assertThat(membership("b", "leads")).isEqualTo("false@" + T2);
        assertThat(membership("c", "leads")).as("newer than the snapshot").isEqualTo("true@" + T3);
        assertThat(membership("d", "other")).as("audience not covered").isEqualTo("true@" + T1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SNAPSHOT_SEEN", Integer.class))
                .isZero();
        assertThat(store.countChangedIds(2)).isEqualTo(1);
    }

    @Test
    void anEmptySnapshotOfANamedAudienceExitsEveryMember() {
        // given
        store.apply(1, List.of(row("a", "seg-1", true, T1), row("b", "seg-1", true, T1)));
        // when
        int exited = store.exitAbsent(2, 5, T2, Set.of("seg-1"));
        // then
        assertThat(exited).isEqualTo(2);
        assertThat(store.countChangedIds(2)).isEqualTo(2);
    }

    @Test
    void anIdThatChangedInSeveralAudiencesCountsOnce() {
        // given: before run 2, c is in vip
        store.apply(1, List.of(row("c", "vip", true, T1)));
        // when: a enters three audiences, b one, c a second one, and d enters one and leaves it again
        store.apply(
                2,
                List.of(
                        row("a", "zeta", true, T2),
                        row("a", "alpha", true, T2),
                        row("a", "vip", true, T2),
                        row("b", "vip", true, T2),
                        row("c", "alpha", true, T2),
                        row("d", "vip", true, T2)));
        store.apply(2, List.of(row("d", "vip", false, T3)));
        // then
        assertThat(store.countChangedIds(2)).isEqualTo(3);
        assertThat(jdbc.queryForList(MembershipStore.CHANGED_IDS, String.class, 2L))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void netChangeCountsOnlyIdsWhoseStateDiffersFromBeforeTheRun() {
        // given: before run 2, a is in vip, b is not known, c is in vip
        store.apply(1, List.of(row("a", "vip", true, T1), row("c", "vip", true, T1)));
        // when: a leaves and comes back, b enters then exits, c exits, d enters
        store.apply(2, List.of(row("a", "vip", false, T2), row("b", "vip", true, T2), row("c", "vip", false, T2)));
        store.apply(2, List.of(row("a", "vip", true, T3), row("b", "vip", false, T3), row("d", "vip", true, T3)));
        // then
        assertThat(changedIds(2)).containsExactly("c", "d");
        assertThat(store.countChangedIds(2)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT WAS_MEMBER FROM MEMBERSHIP WHERE CDP_ID = 'a'", Boolean.class))
                .as("first touch keeps the state before the run")
                .isTrue();
    }

    @Test
    void aLaterRunThatChangesARowAgainTakesItOver() {
        // given: run 2 changed a and b
        store.apply(1, List.of(row("a", "vip", true, T1), row("b", "vip", true, T1)));
        store.apply(2, List.of(row("a", "vip", false, T2), row("b", "vip", false, T2)));
        // when: run 3 changes a back, and only refreshes the time of b's state
        store.apply(3, List.of(row("a", "vip", true, T3), row("b", "vip", false, T3)));
        // then
        assertThat(changedIds(2)).as("b keeps run 2's record").containsExactly("b");
        assertThat(changedIds(3)).as("a differs from its state before run 3").containsExactly("a");
        assertThat(membership("b", "vip")).isEqualTo("false@" + T3);
    }

    @Test
    void aSnapshotExitKeepsTheStateBeforeTheRunOfARowTheRunChangedAlready() {
        // given: b was not in seg-1 before run 2, entered in run 2's first file
        store.apply(1, List.of(row("a", "seg-1", true, T1)));
        store.apply(2, List.of(row("b", "seg-1", true, T2)));
        // when: a later snapshot of run 2 lists neither
        int exited = store.exitAbsent(2, 5, T3, Set.of("seg-1"));
        // then
        assertThat(exited).isEqualTo(2);
        assertThat(changedIds(2)).as("b is back to its state before the run").containsExactly("a");
    }

    @Test
    void reapplyingTheSameRowsChangesNothing() {
        // given
        List<ChangeRow> rows = List.of(row("a", "vip", true, T1), row("b", "vip", false, T2));
        store.apply(1, rows);
        // when
        Map<Integer, Integer> changed = store.apply(2, rows);
        // then
        assertThat(changed).isEmpty();
        assertThat(store.countChangedIds(2)).isZero();
    }

    @Test
    void manyRowsUseWideAndNarrowInserts() {
        // given
        List<ChangeRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * MembershipStore.ROWS_PER_INSERT + 7; i++) {
            rows.add(row("id-" + i, "vip", true, T1));
        }
        // when
        store.apply(1, rows);
        // then
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                .isEqualTo(rows.size());
        assertThat(store.countChangedIds(1)).isEqualTo(rows.size());
    }

    private List<String> changedIds(long jobInstanceId) {
        return jdbc.queryForList(
                "SELECT CDP_ID FROM MEMBERSHIP WHERE CHANGED_BY = ? AND WAS_MEMBER <> MEMBER ORDER BY 1",
                String.class,
                jobInstanceId);
    }

    private static ChangeRow row(String id, String audience, boolean member, Instant time) {
        return new ChangeRow(CHANGES, 1, id, audience, member, time);
    }

    private String membership(String id, String audience) {
        return jdbc.queryForObject(
                "SELECT MEMBER, CHANGED_AT FROM MEMBERSHIP WHERE CDP_ID = ? AND AUDIENCE = ?",
                (rs, n) -> rs.getBoolean(1) + "@"
                        + rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                id,
                audience);
    }
}
