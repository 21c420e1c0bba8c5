package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.SkipReason;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces {@code USER_MAPPING} from users.csv ({@code user_id,cdp_id,consent}) and {@code SUPPRESSION}
 * from the suppression list (one user id per line), in one transaction. Without a file, the table is emptied.
 * Bad lines are recorded in {@code SKIPPED_ROW}. A row that names a forgotten id (its user id or CDP id) is
 * kept out, only counted.
 */
public class UserTablesLoader {

    private static final Logger log = LoggerFactory.getLogger(UserTablesLoader.class);
    private static final int BATCH = 1000;
    private final UserTablesRepository tables;
    private final SkippedRowRepository skippedRows;
    private final TransactionTemplate transaction;
    private final ForgottenIds forgottenIds;
    private final Clock clock;

    public UserTablesLoader(
            UserTablesRepository tables,
            SkippedRowRepository skippedRows,
            TransactionTemplate transaction,
            ForgottenIds forgottenIds,
            Clock clock) {
        this.tables = tables;
        this.skippedRows = skippedRows;
        this.transaction = transaction;
        this.forgottenIds = forgottenIds;
        this.clock = clock;
    }

    /**
     * @param users     users.csv, or null
     * @param suppress  the suppression list, or null
     * @param executionId job execution the skip records belong to
     * @return what users.csv held, or null without one
     * @throws InputFileException when a file cannot be read or has a column that is not known
     */
    public @Nullable UsersReport load(@Nullable Path users, @Nullable Path suppress, long executionId) {
        ForgottenIds.ForgottenSet forgotten = forgottenIds.snapshot();
        Optional<UsersReport> loaded = transaction.execute(status -> {
            tables.clear();
            UsersReport report = null;
            if (users != null) {
                report = loadUsers(users, executionId, forgotten);
                log.info("Loaded {} users from {}", report.users(), users);
                if (!report.consentColumn()) {
                    log.info("{} has no consent column: consent is handled upstream", users);
                }
            }
            if (suppress != null) {
                log.info(
                        "Loaded {} suppressed user ids from {}",
                        loadSuppression(suppress, executionId, forgotten),
                        suppress);
            }
            return Optional.ofNullable(report);
        });
        return loaded == null ? null : loaded.orElse(null);
    }

    private UsersReport loadUsers(Path file, long executionId, ForgottenIds.ForgottenSet forgotten) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            UsersCsv csv = new UsersCsv(file, reader.readLine());
            List<Object[]> batch = new ArrayList<>(BATCH);
            List<String> examples = new ArrayList<>();
            long count = 0;
            long unknown = 0;
            long keptOut = 0;
            long lineNo = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    UsersCsv.Row row = csv.row(line);
                    if (forgotten.contains(row.userId()) || forgotten.contains(row.cdpId())) {
                        keptOut++;
                        continue;
                    }
                    if (row.consent() == ConsentValue.UNKNOWN) {
                        unknown++;
                        reportUnknownConsent(executionId, file, lineNo, row.consentText(), examples);
                    }
                    batch.add(new Object[] {
                        row.userId(), row.cdpId(), row.consent().granted()
                    });
                    count++;
                } catch (IllegalArgumentException e) {
                    skip(executionId, file, lineNo, Objects.requireNonNullElse(e.getMessage(), e.toString()));
                }
                flushIfFull(tables::saveMappings, batch);
            }
            flush(tables::saveMappings, batch);
            tables.keepMostRestrictiveConsent();
            long users = tables.countMappings();
            return new UsersReport(users, count - users, csv.hasConsent(), unknown, examples, keptOut);
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private long loadSuppression(Path file, long executionId, ForgottenIds.ForgottenSet forgotten) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object[]> batch = new ArrayList<>(BATCH);
            long count = 0;
            long lineNo = 0;
            boolean first = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String id = line.trim();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                if (first) {
                    first = false;
                    if (isSuppressionHeader(file, id)) {
                        continue;
                    }
                }
                try {
                    String userId = UsersCsv.checkedId(id, "user id");
                    if (forgotten.contains(userId)) {
                        continue;
                    }
                    batch.add(new Object[] {userId});
                    count++;
                } catch (IllegalArgumentException e) {
                    skip(executionId, file, lineNo, Objects.requireNonNullElse(e.getMessage(), e.toString()));
                }
                flushIfFull(tables::saveSuppressed, batch);
            }
            flush(tables::saveSuppressed, batch);
            return count;
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /**
     * A suppression list is one user id per line; a first line with a comma is a header, whose only known
     * column is {@code user_id}.
     */
    static boolean isSuppressionHeader(Path file, String line) {
        String header = line.replace("\uFEFF", "");
        if (header.equalsIgnoreCase("user_id")) {
            return true;
        }
        if (header.indexOf(',') < 0) {
            return false;
        }
        for (String column : header.split(",", -1)) {
            if (!column.trim().equalsIgnoreCase("user_id")) {
                throw new InputFileException(
                        file.toString(),
                        "unknown column '" + column.trim() + "' in the header (known columns: user_id)");
            }
        }
        return true;
    }

    private void reportUnknownConsent(long executionId, Path file, long lineNo, String value, List<String> examples) {
        String where = file.getFileName() + ":" + lineNo + " '" + value + "'";
        if (examples.size() < UsersReport.MAX_EXAMPLES) {
            examples.add(where);
            log.warn("Consent withheld for an unknown consent value at {}", where);
        }
        skippedRows.record(
                executionId,
                null,
                file.getFileName().toString(),
                lineNo,
                SkipReason.UNKNOWN_CONSENT,
                "consent value '" + value + "' is not a known one: withheld",
                clock.instant());
    }

    private void skip(long executionId, Path file, long lineNo, String reason) {
        log.warn("Skipped {}:{}: {}", file.getFileName(), lineNo, reason);
        SkipReason kind = reason.endsWith("(field count)")
                ? SkipReason.FIELD_COUNT
                : reason.endsWith("(not a valid visitor id)")
                        ? SkipReason.BAD_VISITOR_ID
                        : reason.contains("control")
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
