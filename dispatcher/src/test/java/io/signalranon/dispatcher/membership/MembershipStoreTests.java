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
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class MembershipStoreTests {

    private static final RowOrigin CHANGES = new RowOrigin(0, 0, InputFormat.CSV, "changes.csv", false);
    private static final RowOrigin SNAPSHOT = new RowOrigin(1, 1, InputFormat.UNOMI_CSV, "profiles.csv", true);
    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-22T10:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource());
    private final MembershipStore store = new MembershipStore(jdbc);

    /** A fresh, migrated database for one test (in-memory H2 here). */
    DataSource dataSource() {
        return TestDatabase.create();
    }

    /** How changes reach the table on that database. */
    Class<?> expectedChangeStore() {
        return PortableChangeStore.class;
    }

    @Test
    void writesTheWayItsDatabaseWants() {
        assertThat(ChangeStore.forDatabase(jdbc)).isInstanceOf(expectedChangeStore());
    }

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
        for (int i = 0; i < 2 * PortableChangeStore.ROWS_PER_INSERT + 7; i++) {
            rows.add(row("id-" + i, "vip", true, T1));
        }
        // when
        store.apply(1, rows);
        // then
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                .isEqualTo(rows.size());
        assertThat(store.countChangedIds(1)).isEqualTo(rows.size());
    }

    @Test
    void aDryRunsChangesAreUndoneToTheStateBeforeIt() {
        // given: a stored state made by instance 1
        store.apply(1, List.of(row("a", "vip", true, T1), row("b", "vip", false, T1), row("c", "vip", true, T1)));
        String before = dump();
        // when: a dry run (instance 2) inserts, updates twice, loses a tie and ignores an older row
        Map<Integer, Integer> changed = store.apply(
                2, List.of(row("a", "vip", false, T2), row("d", "vip", true, T2), row("c", "vip", true, T1)), true);
        store.apply(2, List.of(row("a", "vip", true, T3), row("b", "vip", true, T1)), true);
        // then
        assertThat(changed).containsEntry(0, 2);
        assertThat(membership("a", "vip")).isEqualTo("true@" + T3);
        assertThat(changedIds(2)).containsExactly("d");
        assertThat(store.undo(2)).isEqualTo(2);
        assertThat(dump()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP_UNDO", Integer.class))
                .isZero();
    }

    @Test
    void idsWithTabsBackslashesNewlinesAndNonAsciiCharactersAreStoredAsRead() {
        // given
        List<String> ids = List.of(
                "a\\tb",
                "tab\there",
                "new\nline\r",
                "back\\slash\\",
                "caf\u00e9-\u4e2d-\ud83d\ude00",
                "\\N",
                "a,b;\"c\"");
        List<ChangeRow> rows =
                ids.stream().map(id -> row(id, "seg\t1", true, T1)).toList();
        // when
        Map<Integer, Integer> changed = store.apply(1, rows);
        store.apply(2, List.of(row("tab\there", "seg\t1", false, T2)));
        // then
        assertThat(changed).containsEntry(0, ids.size());
        assertThat(jdbc.queryForList("SELECT CDP_ID FROM MEMBERSHIP WHERE AUDIENCE = ?", String.class, "seg\t1"))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(membership("tab\there", "seg\t1")).isEqualTo("false@" + T2);
        assertThat(membership("\\N", "seg\t1")).isEqualTo("true@" + T1);
    }

    @Test
    void aRolledBackChunkLeavesNoTrace() {
        // given
        store.apply(1, List.of(row("a", "vip", true, T1)));
        TransactionTemplate transaction =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        // when
        transaction.executeWithoutResult(status -> {
            store.apply(2, List.of(row("a", "vip", false, T2), row("b", "vip", true, T2)));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                    .isEqualTo(2);
            status.setRollbackOnly();
        });
        // then
        assertThat(membership("a", "vip")).isEqualTo("true@" + T1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void severalWritesInOneTransactionEachSeeTheOnesBefore() {
        // given
        TransactionTemplate transaction =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        // when
        transaction.executeWithoutResult(status -> {
            store.apply(1, List.of(row("a", "vip", true, T1), row("b", "vip", true, T1)));
            store.apply(1, List.of(row("a", "vip", false, T2)));
            store.apply(1, List.of(row("c", "vip", true, T2)));
        });
        // then
        assertThat(dump())
                .isEqualTo("a/vip=false@" + T2 + " by 1 was false; b/vip=true@" + T1 + " by 1 was false; c/vip=true@"
                        + T2 + " by 1 was false");
    }

    @Test
    void aLargeChunkIsWrittenWhole() {
        // given: rows worth more than a megabyte of COPY data
        List<ChangeRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(row("a-rather-long-cdp-id-of-some-platform-" + i, "audience-" + (i % 7), i % 3 != 0, T1));
        }
        // when
        Map<Integer, Integer> changed = store.apply(1, rows);
        // then
        assertThat(changed)
                .containsEntry(0, (int) rows.stream().filter(ChangeRow::member).count());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM MEMBERSHIP", Integer.class))
                .isEqualTo(rows.size());
        assertThat(membership("a-rather-long-cdp-id-of-some-platform-19999", "audience-" + (19_999 % 7)))
                .isEqualTo("true@" + T1);
    }

    private String dump() {
        return String.join(
                "; ",
                jdbc.query(
                        "SELECT CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER FROM MEMBERSHIP"
                                + " ORDER BY CDP_ID, AUDIENCE",
                        (rs, n) -> rs.getString(1) + "/" + rs.getString(2) + "=" + rs.getBoolean(3) + "@"
                                + rs.getObject(4, java.time.OffsetDateTime.class)
                                        .toInstant() + " by " + rs.getLong(5) + " was " + rs.getBoolean(6)));
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
