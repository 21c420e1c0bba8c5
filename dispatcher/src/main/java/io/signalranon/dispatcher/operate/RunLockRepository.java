package io.signalranon.dispatcher.operate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code RUN_LOCK}: one row per named lock, its owner and the end of its lease. */
public class RunLockRepository {

    private static final String TAKE_FREE = "UPDATE RUN_LOCK SET OWNER = ?, ACQUIRED_AT = ?, EXPIRES_AT = ?"
            + " WHERE NAME = ? AND (OWNER IS NULL OR EXPIRES_AT < ?)";
    private static final String INSERT_NEW = "INSERT INTO RUN_LOCK (NAME, OWNER, ACQUIRED_AT, EXPIRES_AT)"
            + " SELECT ?, ?, ?, ? FROM (VALUES (1)) one WHERE NOT EXISTS (SELECT 1 FROM RUN_LOCK WHERE NAME = ?)";
    private static final String HOLDER = "SELECT OWNER, EXPIRES_AT FROM RUN_LOCK WHERE NAME = ?";
    private static final String TAKE_FROM =
            "UPDATE RUN_LOCK SET OWNER = ?, ACQUIRED_AT = ?, EXPIRES_AT = ? WHERE NAME = ? AND OWNER = ?";
    private static final String RENEW = "UPDATE RUN_LOCK SET EXPIRES_AT = ? WHERE NAME = ? AND OWNER = ?";
    private static final String RELEASE =
            "UPDATE RUN_LOCK SET OWNER = NULL, ACQUIRED_AT = NULL, EXPIRES_AT = NULL WHERE NAME = ? AND OWNER = ?";

    private final JdbcTemplate jdbc;

    public RunLockRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Takes the lock if it is free or its lease ended before {@code now}; a first use inserts its row. */
    public boolean take(String name, String owner, Instant now, Instant until) {
        if (jdbc.update(TAKE_FREE, owner, utc(now), utc(until), name, utc(now)) == 1) {
            return true;
        }
        try {
            return jdbc.update(INSERT_NEW, name, owner, utc(now), utc(until), name) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The lock's current holder, if any. */
    public Optional<Holder> holder(String name) {
        List<Holder> held = jdbc.query(
                HOLDER,
                (rs, row) -> new Holder(
                        rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class) == null
                                ? null
                                : rs.getObject(2, OffsetDateTime.class).toInstant()),
                name);
        return held.stream().filter(h -> h.owner() != null).findFirst();
    }

    /** Takes the lock from {@code holder} if it still holds it. */
    public boolean takeFrom(String name, String holder, String owner, Instant now, Instant until) {
        return jdbc.update(TAKE_FROM, owner, utc(now), utc(until), name, holder) == 1;
    }

    /** Pushes the lease's end forward; false when {@code owner} no longer holds the lock. */
    public boolean renew(String name, String owner, Instant until) {
        return jdbc.update(RENEW, utc(until), name, owner) == 1;
    }

    /** Frees the lock if {@code owner} holds it. */
    public void release(String name, String owner) {
        jdbc.update(RELEASE, name, owner);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * @param owner {@code host:pid:uuid} of the holding process
     * @param expiresAt the end of its lease
     */
    public record Holder(String owner, @Nullable Instant expiresAt) {}
}
