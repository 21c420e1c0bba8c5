package io.signalranon.dispatcher.operate;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Runs each trigger of a schedule once across the dispatchers that share the database: the first to
 * claim a trigger runs it, the others pass. A schedule is its cron expression and run options.
 */
public class ScheduleTriggers {

    private final ScheduleTriggerRepository triggers;
    private final Clock clock;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();

    public ScheduleTriggers(ScheduleTriggerRepository triggers, Clock clock) {
        this.triggers = Objects.requireNonNull(triggers, "triggers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether this process claimed the trigger at {@code triggerAt} of {@code schedule}. */
    public boolean claim(String schedule, Instant triggerAt) {
        return triggers.claim(key(schedule), triggerAt, owner, clock.instant());
    }

    static String key(String schedule) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(schedule.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
