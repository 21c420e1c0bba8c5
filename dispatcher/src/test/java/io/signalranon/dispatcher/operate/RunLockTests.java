package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The RUN_LOCK lease, as two processes sharing one database see it. */
class RunLockTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());

    private RunLock lockAt(Instant now) {
        return new RunLock(new RunLockRepository(jdbc), Clock.fixed(now, ZoneOffset.UTC), LEASE);
    }

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() {
        // given
        RunLock.Lease first = lockAt(NOW).acquire(RunLock.JOBS);

        // when / then
        assertThatThrownBy(() -> lockAt(NOW.plusSeconds(10)).acquire(RunLock.JOBS))
                .isInstanceOf(LockHeldException.class)
                .hasMessage(
                        "another process holds the run lock 'jobs' (its lease runs until 2026-12-01T00:00:30Z unless renewed)");
        first.close();
        try (RunLock.Lease second = lockAt(NOW.plusSeconds(10)).acquire(RunLock.JOBS)) {
            assertThat(jdbc.queryForObject("SELECT EXPIRES_AT FROM RUN_LOCK", OffsetDateTime.class)
                            .toInstant())
                    .isEqualTo(NOW.plusSeconds(40));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM RUN_LOCK WHERE OWNER IS NULL", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void anExpiredLeaseOfAnotherHostIsTakenOver() {
        // given
        jdbc.update(
                "INSERT INTO RUN_LOCK (NAME, OWNER, ACQUIRED_AT, EXPIRES_AT) VALUES ('jobs', 'other-pod:1:x', ?, ?)",
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(NOW.plus(LEASE), ZoneOffset.UTC));

        // when / then
        assertThatThrownBy(() -> lockAt(NOW.plusSeconds(29)).acquire(RunLock.JOBS))
                .isInstanceOf(LockHeldException.class);
        try (RunLock.Lease lease = lockAt(NOW.plusSeconds(31)).acquire(RunLock.JOBS)) {
            assertThat(jdbc.queryForObject("SELECT OWNER FROM RUN_LOCK", String.class))
                    .doesNotStartWith("other-pod:");
        }
    }

    @Test
    void aLockLeftByAProcessOfThisHostThatEndedIsTakenOverAtOnce() throws Exception {
        // given
        Process ended = new ProcessBuilder(Path.javaBinary(), "-version").start();
        ended.waitFor(30, TimeUnit.SECONDS);
        String host = ownerOf(lockAt(NOW).acquire(RunLock.JOBS)).split(":")[0];
        jdbc.update("UPDATE RUN_LOCK SET OWNER = ?", host + ":" + ended.pid() + ":x");

        // when
        RunLock.Lease lease = lockAt(NOW.plusSeconds(1)).acquire(RunLock.JOBS);

        // then
        assertThat(ownerOf(lease))
                .startsWith(host + ":" + ProcessHandle.current().pid() + ":");
        lease.close();
    }

    @Test
    void theHeartbeatPushesTheExpiryForward() throws Exception {
        // given
        RunLock lock = new RunLock(new RunLockRepository(jdbc), Clock.systemUTC(), Duration.ofSeconds(3));

        // when
        try (RunLock.Lease lease = lock.acquire(RunLock.JOBS)) {
            OffsetDateTime first = jdbc.queryForObject("SELECT EXPIRES_AT FROM RUN_LOCK", OffsetDateTime.class);
            Thread.sleep(1_300);
            OffsetDateTime renewed = jdbc.queryForObject("SELECT EXPIRES_AT FROM RUN_LOCK", OffsetDateTime.class);

            // then
            assertThat(renewed).isAfter(first);
        }
    }

    private String ownerOf(RunLock.Lease lease) {
        return jdbc.queryForObject("SELECT OWNER FROM RUN_LOCK", String.class);
    }

    /** The java launcher of this JVM. */
    private static final class Path {
        static String javaBinary() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString();
        }
    }
}
