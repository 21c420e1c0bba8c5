package io.signalranon.dispatcher.operate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * A lease on the jobs, held in the RUN_LOCK table so that it works on any shared database: one row per
 * lock name, taken with a conditional UPDATE (free or expired) or, the first time, a conditional INSERT;
 * kept alive by a heartbeat that pushes its expiry forward every third of the lease; released at the end.
 * The owner is recorded as {@code host:pid:uuid}: a lock left by a killed process on the same host is
 * taken over at once (the process is gone); one left by a process on another host (another pod) blocks
 * others until its lease expires. The host is the machine's name unless {@code dispatcher.run.host} names it. While this process holds the lock, any execution still marked running
 * was left behind by a process that died.
 */
public class RunLock {

    /** The name of the lock every job-launching command takes. */
    public static final String JOBS = "jobs";

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);
    private final RunLockRepository locks;
    private final Clock clock;
    private final Duration lease;
    private final String host;

    /** A lock recorded under this machine's host name. */
    public RunLock(RunLockRepository locks, Clock clock, Duration lease) {
        this(locks, clock, lease, "");
    }

    /** A lock recorded under {@code host} (blank: this machine's host name). */
    public RunLock(RunLockRepository locks, Clock clock, Duration lease, String host) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("dispatcher.run.lock-lease must be >= 3s, got " + lease);
        }
        this.lease = lease;
        this.host = host.isBlank() ? machineHost() : host.replace(':', '_');
    }

    /**
     * Takes the lock.
     *
     * @throws LockHeldException when another process holds an unexpired lease
     */
    public Lease acquire(String name) {
        String owner = host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID();
        Instant now = clock.instant();
        if (locks.take(name, owner, now, now.plus(lease))) {
            return new Lease(name, owner);
        }
        Optional<RunLockRepository.Holder> held = locks.holder(name);
        if (held.isPresent()
                && goneFromThisHost(held.get().owner())
                && locks.takeFrom(name, held.get().owner(), owner, now, now.plus(lease))) {
            log.info(
                    "Took over the run lock '{}' from process {}, which has ended",
                    name,
                    held.get().owner().split(":")[1]);
            return new Lease(name, owner);
        }
        throw new LockHeldException(
                name, held.map(RunLockRepository.Holder::expiresAt).orElse(null));
    }

    /** Whether the holder ran on this host in a process that has ended (so it cannot renew its lease). */
    boolean goneFromThisHost(String holder) {
        String[] parts = holder.split(":");
        if (parts.length != 3 || !parts[0].equals(host)) {
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

    private static String machineHost() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(name.indexOf('@') + 1).replace(':', '_');
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
                if (!locks.renew(name, owner, clock.instant().plus(lease))) {
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
            locks.release(name, owner);
        }
    }
}
