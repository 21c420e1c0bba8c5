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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces {@code USER_MAPPING} from users.csv ({@code user_id,cdp_id,consent}) and {@code SUPPRESSION}
 * from the suppression list (one user id per line), in one transaction. Without a file, the table is emptied.
 * Bad lines are recorded in {@code SKIPPED_ROW}. A row that names a forgotten id (its user id or CDP id) is
 * kept out, only counted; a bad line that quotes one is recorded with it redacted, and counted the same way.
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
     * What the files held.
     *
     * @param users       what users.csv held, or null without one
     * @param suppression what the suppression list held, or null without one
     */
    public record Loaded(
            @Nullable UsersReport users, @Nullable SuppressionReport suppression) {

        /** Stores the reports in a job execution's context. */
        public void saveTo(ExecutionContext context) {
            if (users != null) {
                users.saveTo(context);
            }
            if (suppression != null) {
                suppression.saveTo(context);
            }
        }
    }

    /**
     * @param users     users.csv, or null
     * @param suppress  the suppression list, or null
     * @param executionId job execution the skip records belong to
     * @return what the files held
     * @throws InputFileException when a file cannot be read or has a column that is not known
     */
    public Loaded load(@Nullable Path users, @Nullable Path suppress, long executionId) {
        ForgottenIds.ForgottenSet forgotten = forgottenIds.snapshot();
        Loaded loaded = transaction.execute(status -> {
            tables.clear();
            UsersReport report = null;
            if (users != null) {
                report = loadUsers(users, executionId, forgotten);
                log.info("Loaded {} users from {}", report.users(), users);
                if (!report.consentColumn()) {
                    log.info("{} has no consent column: consent is handled upstream", users);
                }
            }
            SuppressionReport suppression = null;
            if (suppress != null) {
                suppression = loadSuppression(suppress, executionId, forgotten);
                log.info("Loaded {} suppressed user ids from {}", suppression.suppressed(), suppress);
            }
            return new Loaded(report, suppression);
        });
        return Objects.requireNonNull(loaded, "the transaction returns the reports");
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
                        reportUnknownConsent(executionId, file, lineNo, row.consentText(), examples, forgotten);
                    }
                    batch.add(new Object[] {
                        row.userId(), row.cdpId(), row.consent().granted()
                    });
                    count++;
                } catch (IllegalArgumentException e) {
                    if (skip(executionId, file, lineNo, e, forgotten)) {
                        keptOut++;
                    }
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

    private SuppressionReport loadSuppression(Path file, long executionId, ForgottenIds.ForgottenSet forgotten) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object[]> batch = new ArrayList<>(BATCH);
            long count = 0;
            long keptOut = 0;
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
                        keptOut++;
                        continue;
                    }
                    batch.add(new Object[] {userId});
                    count++;
                } catch (IllegalArgumentException e) {
                    if (skip(executionId, file, lineNo, e, forgotten)) {
                        keptOut++;
                    }
                }
                flushIfFull(tables::saveSuppressed, batch);
            }
            flush(tables::saveSuppressed, batch);
            return new SuppressionReport(count, keptOut);
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

    private void reportUnknownConsent(
            long executionId,
            Path file,
            long lineNo,
            String value,
            List<String> examples,
            ForgottenIds.ForgottenSet forgotten) {
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
                forgotten,
                clock.instant());
    }

    /**
     * Records a bad line; returns whether its reason quoted a forgotten id (recorded redacted). The log gets the
     * kind of fault, never the reason, which may quote the line's values.
     */
    private boolean skip(
            long executionId, Path file, long lineNo, IllegalArgumentException e, ForgottenIds.ForgottenSet forgotten) {
        String reason = Objects.requireNonNullElse(e.getMessage(), e.toString());
        SkipReason kind = reason.endsWith("(field count)")
                ? SkipReason.FIELD_COUNT
                : reason.endsWith("(not a valid visitor id)")
                        ? SkipReason.BAD_VISITOR_ID
                        : reason.contains("control")
                                ? SkipReason.CONTROL_CHARACTERS
                                : reason.contains("characters")
                                        ? SkipReason.ID_TOO_LONG
                                        : reason.contains("missing") ? SkipReason.MISSING_ID : SkipReason.BAD_CSV;
        log.warn("Skipped {}:{}: {} (detail in SKIPPED_ROW)", file.getFileName(), lineNo, kind.label());
        return skippedRows.record(
                executionId, null, file.getFileName().toString(), lineNo, kind, reason, forgotten, clock.instant());
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
