package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code INGESTED_FILE}: the files already read, by name, size and checksum. */
public class IngestedFileRepository {

    private final JdbcTemplate jdbc;

    public IngestedFileRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(FileFingerprint file) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM INGESTED_FILE WHERE FILE_NAME = ? AND FILE_SIZE = ? AND CHECKSUM = ?",
                Integer.class,
                file.name(),
                file.size(),
                file.checksum());
        return count != null && count > 0;
    }

    /** Forgets the files a job instance recorded: its ingest failed, so they are read again by the next run. */
    public int forget(long jobInstanceId) {
        return jdbc.update("DELETE FROM INGESTED_FILE WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
    }

    /** Records a file as ingested (again, with {@code --force}), in the caller's transaction. */
    public void record(FileEnd end, long jobInstanceId, long jobExecutionId, Instant at) {
        FileFingerprint file = end.fingerprint();
        jdbc.update(
                "DELETE FROM INGESTED_FILE WHERE FILE_NAME = ? AND FILE_SIZE = ? AND CHECKSUM = ?",
                file.name(),
                file.size(),
                file.checksum());
        jdbc.update(
                "INSERT INTO INGESTED_FILE (FILE_NAME, FILE_SIZE, CHECKSUM, FORMAT, ROWS_READ, ROWS_SKIPPED,"
                        + " JOB_INSTANCE_ID, JOB_EXECUTION_ID, INGESTED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                file.name(),
                file.size(),
                file.checksum(),
                end.origin().format().cliName(),
                end.rowsRead(),
                end.rowsSkipped(),
                jobInstanceId,
                jobExecutionId,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }
}
