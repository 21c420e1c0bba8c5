package io.signalranon.dispatcher.privacy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code FORGOTTEN_ID} (the keyed hashes of forgotten ids) and {@code FORGET_KEY_CHECK} (which key made them). */
public class ForgottenIdRepository {

    private static final String INSERT =
            "INSERT INTO FORGOTTEN_ID (ID_HASH, FORGOTTEN_AT) SELECT ?, ? FROM (VALUES (1)) one"
                    + " WHERE NOT EXISTS (SELECT 1 FROM FORGOTTEN_ID WHERE ID_HASH = ?)";
    private static final String KEY = "key";

    private final JdbcTemplate jdbc;

    public ForgottenIdRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** How many ids are forgotten. */
    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM FORGOTTEN_ID", Long.class);
        return count == null ? 0 : count;
    }

    /** Every hash. */
    public Set<String> all() {
        return new HashSet<>(jdbc.queryForList("SELECT ID_HASH FROM FORGOTTEN_ID", String.class));
    }

    /** Adds hashes not there yet, in the caller's transaction; returns how many were new. */
    public int add(Collection<String> hashes, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        int added = 0;
        for (String hash : hashes) {
            added += jdbc.update(INSERT, hash, when, hash);
        }
        return added;
    }

    /** Removes hashes; returns how many were there. */
    public int remove(Collection<String> hashes) {
        List<String> list = List.copyOf(hashes);
        return list.isEmpty()
                ? 0
                : jdbc.update(
                        "DELETE FROM FORGOTTEN_ID WHERE ID_HASH IN (" + Visitor.placeholders(list.size()) + ")",
                        list.toArray());
    }

    /** The check of the key the hashes were made with, if one was recorded. */
    public Optional<String> keyCheck() {
        return jdbc.queryForList("SELECT CHECK_HASH FROM FORGET_KEY_CHECK WHERE NAME = ?", String.class, KEY).stream()
                .findFirst();
    }

    /** Records the check of the key, when none is recorded yet. */
    public void saveKeyCheck(String check) {
        jdbc.update(
                "INSERT INTO FORGET_KEY_CHECK (NAME, CHECK_HASH) SELECT ?, ? FROM (VALUES (1)) one"
                        + " WHERE NOT EXISTS (SELECT 1 FROM FORGET_KEY_CHECK WHERE NAME = ?)",
                KEY,
                check,
                KEY);
    }
}
