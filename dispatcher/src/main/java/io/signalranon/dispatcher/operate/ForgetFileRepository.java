package io.signalranon.dispatcher.operate;

import io.signalranon.dispatcher.ingest.FileFingerprint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code FORGET_FILE}: the forget lists already applied, by name, size and checksum. */
public class ForgetFileRepository {

    private final JdbcTemplate jdbc;

    public ForgetFileRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public boolean contains(FileFingerprint file) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM FORGET_FILE WHERE FILE_NAME = ? AND FILE_SIZE = ? AND CHECKSUM = ?",
                Integer.class,
                file.name(),
                file.size(),
                file.checksum());
        return count != null && count > 0;
    }

    /** Records a list as applied. */
    public void record(FileFingerprint file, long ids, Instant at) {
        jdbc.update(
                "INSERT INTO FORGET_FILE (FILE_NAME, FILE_SIZE, CHECKSUM, IDS, APPLIED_AT) SELECT ?, ?, ?, ?, ?"
                        + " FROM (VALUES (1)) one WHERE NOT EXISTS (SELECT 1 FROM FORGET_FILE WHERE FILE_NAME = ?"
                        + " AND FILE_SIZE = ? AND CHECKSUM = ?)",
                file.name(),
                file.size(),
                file.checksum(),
                ids,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                file.name(),
                file.size(),
                file.checksum());
    }
}
