package io.signalranon.dispatcher.operate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code SCHEDULE_TRIGGER}: the cron triggers of a schedule that some dispatcher has claimed. */
public class ScheduleTriggerRepository {

    private static final String CLAIM = "INSERT INTO SCHEDULE_TRIGGER (SCHEDULE_KEY, TRIGGER_AT, OWNER, CLAIMED_AT)"
            + " SELECT ?, ?, ?, ? FROM (VALUES (1)) one"
            + " WHERE NOT EXISTS (SELECT 1 FROM SCHEDULE_TRIGGER WHERE SCHEDULE_KEY = ? AND TRIGGER_AT = ?)";
    private static final String DELETE_BEFORE = "DELETE FROM SCHEDULE_TRIGGER WHERE TRIGGER_AT < ?";

    private final JdbcTemplate jdbc;

    public ScheduleTriggerRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Claims one trigger of a schedule (autocommit: a duplicate key, when two claim at once, aborts nothing).
     *
     * @return whether this call claimed it (false: another process did before)
     */
    public boolean claim(String scheduleKey, Instant triggerAt, String owner, Instant now) {
        OffsetDateTime trigger = utc(triggerAt);
        try {
            return jdbc.update(CLAIM, scheduleKey, trigger, owner, utc(now), scheduleKey, trigger) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** How many claims are of triggers before {@code cutoff}. */
    public long countBefore(Instant cutoff) {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM SCHEDULE_TRIGGER WHERE TRIGGER_AT < ?", Long.class, utc(cutoff));
        return count == null ? 0 : count;
    }

    /** Deletes the claims of triggers before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbc.update(DELETE_BEFORE, utc(cutoff));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
