package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.SkipReason;
import io.signalranon.dispatcher.ingest.SkippedRowRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces {@code USER_MAPPING} from users.csv ({@code user_id,cdp_id,consent}) and {@code SUPPRESSION}
 * from the suppression list (one user id per line), in one transaction. Without a file, the table is emptied.
 * Bad lines are recorded in {@code SKIPPED_ROW}.
 */
public class UserTablesLoader {

    private static final Log log = LogFactory.getLog(UserTablesLoader.class);
    private static final int BATCH = 1000;
    private static final String MAPPING = "MERGE INTO USER_MAPPING t USING (VALUES (CAST(? AS VARCHAR(512)),"
            + " CAST(? AS VARCHAR(512)), CAST(? AS BOOLEAN))) AS s (USER_ID, CDP_ID, CONSENT) ON (t.USER_ID = s.USER_ID)"
            + " WHEN MATCHED THEN UPDATE SET CDP_ID = s.CDP_ID, CONSENT = s.CONSENT"
            + " WHEN NOT MATCHED THEN INSERT (USER_ID, CDP_ID, CONSENT) VALUES (s.USER_ID, s.CDP_ID, s.CONSENT)";
    private static final String SUPPRESSED = "MERGE INTO SUPPRESSION t USING (VALUES (CAST(? AS VARCHAR(512))))"
            + " AS s (USER_ID) ON (t.USER_ID = s.USER_ID) WHEN NOT MATCHED THEN INSERT (USER_ID) VALUES (s.USER_ID)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public UserTablesLoader(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * @param users     users.csv, or null
     * @param suppress  the suppression list, or null
     * @param executionId job execution the skip records belong to
     * @throws InputFileException when a file cannot be read or users.csv has no {@code user_id} column
     */
    public void load(Path users, Path suppress, long executionId) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM USER_MAPPING");
            jdbc.update("DELETE FROM SUPPRESSION");
            if (users != null) {
                log.info("Loaded " + loadUsers(users, executionId) + " users from " + users);
            }
            if (suppress != null) {
                log.info("Loaded " + loadSuppression(suppress, executionId) + " suppressed user ids from " + suppress);
            }
        });
    }

    private long loadUsers(Path file, long executionId) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            UsersCsv csv = new UsersCsv(file, reader.readLine());
            List<Object[]> batch = new ArrayList<>(BATCH);
            long count = 0;
            long lineNo = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(csv.row(line));
                    count++;
                } catch (IllegalArgumentException e) {
                    skip(executionId, file, lineNo, e.getMessage());
                }
                flushIfFull(MAPPING, batch);
            }
            flush(MAPPING, batch);
            return count;
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private long loadSuppression(Path file, long executionId) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object[]> batch = new ArrayList<>(BATCH);
            long count = 0;
            long lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String id = line.trim();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                try {
                    batch.add(new Object[] {UsersCsv.checkedId(id, "user id")});
                    count++;
                } catch (IllegalArgumentException e) {
                    skip(executionId, file, lineNo, e.getMessage());
                }
                flushIfFull(SUPPRESSED, batch);
            }
            flush(SUPPRESSED, batch);
            return count;
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private void skip(long executionId, Path file, long lineNo, String reason) {
        log.warn("Skipped " + file.getFileName() + ":" + lineNo + ": " + reason);
        SkipReason kind = reason.contains("control")
                ? SkipReason.CONTROL_CHARACTERS
                : reason.contains("characters")
                        ? SkipReason.ID_TOO_LONG
                        : reason.contains("missing") ? SkipReason.MISSING_ID : SkipReason.BAD_CSV;
        SkippedRowRecorder.record(jdbc, executionId, null, file.getFileName().toString(), lineNo, kind, reason, clock);
    }

    private void flushIfFull(String sql, List<Object[]> batch) {
        if (batch.size() >= BATCH) {
            flush(sql, batch);
        }
    }

    private void flush(String sql, List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate(sql, batch);
            batch.clear();
        }
    }
}
