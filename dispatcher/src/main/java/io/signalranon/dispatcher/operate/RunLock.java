package io.signalranon.dispatcher.operate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A lease on the jobs, held in the RUN_LOCK table so that it works on any shared database: one row per
 * lock name, taken with a conditional UPDATE (free or expired) or, the first time, a conditional INSERT;
 * kept alive by a heartbeat that pushes its expiry forward every third of the lease; released at the end.
 * The owner is recorded as {@code host:pid:uuid}: a lock left by a killed process on the same host is
 * taken over at once (the process is gone); one left by a process on another host (another pod) blocks
 * others until its lease expires. While this process holds the lock, any execution still marked running
 * was left behind by a process that died.
 */
public class RunLock {

    /** The name of the lock every job-launching command takes. */
    public static final String JOBS = "jobs";

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);
    private static final String HOST = host();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lease;

    public RunLock(JdbcTemplate jdbc, Clock clock, Duration lease) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("dispatcher.run.lock-lease must be >= 3s, got " + lease);
        }
        this.lease = lease;
    }

    /**
     * Takes the lock.
     *
     * @throws LockHeldException when another process holds an unexpired lease
     */
    public Lease acquire(String name) {
        String owner = HOST + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID();
        Instant now = clock.instant();
        int taken = jdbc.update(
                "UPDATE RUN_LOCK SET OWNER = ?, ACQUIRED_AT = ?, EXPIRES_AT = ?"
                        + " WHERE NAME = ? AND (OWNER IS NULL OR EXPIRES_AT < ?)",
                owner,
                utc(now),
                utc(now.plus(lease)),
                name,
                utc(now));
        if (taken == 0) {
            try {
                taken = jdbc.update(
                        "INSERT INTO RUN_LOCK (NAME, OWNER, ACQUIRED_AT, EXPIRES_AT)"
                                + " SELECT ?, ?, ?, ? FROM (VALUES (1)) one WHERE NOT EXISTS"
                                + " (SELECT 1 FROM RUN_LOCK WHERE NAME = ?)",
                        name,
                        owner,
                        utc(now),
                        utc(now.plus(lease)),
                        name);
            } catch (DuplicateKeyException e) {
                taken = 0;
            }
        }
        if (taken == 0) {
            List<Map<String, Object>> held =
                    jdbc.queryForList("SELECT OWNER, EXPIRES_AT FROM RUN_LOCK WHERE NAME = ?", name);
            String holder = held.isEmpty() ? null : (String) held.get(0).get("OWNER");
            if (holder != null
                    && goneFromThisHost(holder)
                    && jdbc.update(
                                    "UPDATE RUN_LOCK SET OWNER = ?, ACQUIRED_AT = ?,"
                                            + " EXPIRES_AT = ? WHERE NAME = ? AND OWNER = ?",
                                    owner,
                                    utc(now),
                                    utc(now.plus(lease)),
                                    name,
                                    holder)
                            == 1) {
                log.info("Took over the run lock '{}' from process {}, which has ended", name, holder.split(":")[1]);
                return new Lease(name, owner);
            }
            Object expiry = held.isEmpty() ? null : held.get(0).get("EXPIRES_AT");
            throw new LockHeldException(name, expiry instanceof OffsetDateTime at ? at.toInstant() : null);
        }
        return new Lease(name, owner);
    }

    /** Whether the holder ran on this host in a process that has ended (so it cannot renew its lease). */
    static boolean goneFromThisHost(String holder) {
        String[] parts = holder.split(":");
        if (parts.length != 3 || !parts[0].equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(name.indexOf('@') + 1).replace(':', '_');
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A held lock: renewed in the background until closed. */
    public final class Lease implements AutoCloseable {

        private final String name;
        private final String owner;
        private final ScheduledExecutorService heartbeat;

        private Lease(String name, String owner) {
            this.name = name;
            this.owner = owner;
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "run-lock-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long every = lease.toMillis() / 3;
            heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                Instant now = clock.instant();
                if (jdbc.update(
                                "UPDATE RUN_LOCK SET EXPIRES_AT = ? WHERE NAME = ? AND OWNER = ?",
                                utc(now.plus(lease)),
                                name,
                                owner)
                        == 0) {
                    log.warn("The run lock '{}' was taken over by another process (its lease had expired)", name);
                }
            } catch (DataAccessException e) {
                log.warn("Could not renew the run lock '{}': {}", name, e.getMessage());
            }
        }

        /** Stops the heartbeat and frees the lock. */
        @Override
        public void close() {
            heartbeat.shutdownNow();
            jdbc.update(
                    "UPDATE RUN_LOCK SET OWNER = NULL, ACQUIRED_AT = NULL, EXPIRES_AT = NULL"
                            + " WHERE NAME = ? AND OWNER = ?",
                    name,
                    owner);
        }
    }
}
