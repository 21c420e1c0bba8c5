package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.SkipReason;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces {@code USER_MAPPING} from users.csv ({@code user_id,cdp_id,consent}) and {@code SUPPRESSION}
 * from the suppression list (one user id per line), in one transaction. Without a file, the table is emptied.
 * Bad lines are recorded in {@code SKIPPED_ROW}.
 */
public class UserTablesLoader {

    private static final Logger log = LoggerFactory.getLogger(UserTablesLoader.class);
    private static final int BATCH = 1000;
    private final UserTablesRepository tables;
    private final SkippedRowRepository skippedRows;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public UserTablesLoader(
            UserTablesRepository tables,
            SkippedRowRepository skippedRows,
            TransactionTemplate transaction,
            Clock clock) {
        this.tables = tables;
        this.skippedRows = skippedRows;
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
            tables.clear();
            if (users != null) {
                log.info("Loaded {} users from {}", loadUsers(users, executionId), users);
            }
            if (suppress != null) {
                log.info("Loaded {} suppressed user ids from {}", loadSuppression(suppress, executionId), suppress);
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
                flushIfFull(tables::saveMappings, batch);
            }
            flush(tables::saveMappings, batch);
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
                flushIfFull(tables::saveSuppressed, batch);
            }
            flush(tables::saveSuppressed, batch);
            return count;
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private void skip(long executionId, Path file, long lineNo, String reason) {
        log.warn("Skipped {}:{}: {}", file.getFileName(), lineNo, reason);
        SkipReason kind = reason.contains("control")
                ? SkipReason.CONTROL_CHARACTERS
                : reason.contains("characters")
                        ? SkipReason.ID_TOO_LONG
                        : reason.contains("missing") ? SkipReason.MISSING_ID : SkipReason.BAD_CSV;
        skippedRows.record(executionId, null, file.getFileName().toString(), lineNo, kind, reason, clock.instant());
    }

    private static void flushIfFull(Consumer<List<Object[]>> save, List<Object[]> batch) {
        if (batch.size() >= BATCH) {
            flush(save, batch);
        }
    }

    private static void flush(Consumer<List<Object[]>> save, List<Object[]> batch) {
        if (!batch.isEmpty()) {
            save.accept(batch);
            batch.clear();
        }
    }
}
