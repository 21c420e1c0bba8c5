package io.signalranon.dispatcher.target;

import io.signalranon.client.UserIds;
import io.signalranon.dispatcher.ingest.CsvLine;
import io.signalranon.dispatcher.ingest.InputFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The columns of users.csv (RFC 4180 quoting): {@code user_id} (required), {@code cdp_id} and {@code consent}
 * (optional). Any other column is an error: a misspelt {@code consent} would drop consent for everyone. Ids
 * follow the visitor-id rule ({@link UserIds}); a row with another id is skipped with its reason.
 */
final class UsersCsv {

    private static final int MAX_LENGTH = 512;
    private static final List<String> KNOWN = List.of("user_id", "cdp_id", "consent");

    /** One line of users.csv. */
    record Row(String userId, String cdpId, ConsentValue consent, String consentText) {}

    private final int columns;
    private final int userColumn;
    private final int cdpColumn;
    private final int consentColumn;

    UsersCsv(Path file, String header) {
        if (header == null) {
            throw new InputFileException(file.toString(), "empty file, expected header user_id,cdp_id,consent");
        }
        List<String> names = CsvLine.split(header.replace("\uFEFF", ""), ',').stream()
                .map(n -> n.trim().toLowerCase(Locale.ROOT))
                .toList();
        for (String name : names) {
            if (!KNOWN.contains(name)) {
                throw new InputFileException(
                        file.toString(),
                        "unknown column '" + name + "' in the header (known columns: " + String.join(", ", KNOWN)
                                + ")");
            }
        }
        columns = names.size();
        userColumn = names.indexOf("user_id");
        cdpColumn = names.indexOf("cdp_id");
        consentColumn = names.indexOf("consent");
        if (userColumn < 0) {
            throw new InputFileException(file.toString(), "the header has no 'user_id' column");
        }
    }

    /** False when consent is handled upstream: the file has no {@code consent} column. */
    boolean hasConsent() {
        return consentColumn >= 0;
    }

    /**
     * One line; without a {@code consent} column, consent is granted (handled upstream).
     *
     * @throws IllegalArgumentException for a line with more or fewer fields than the header, or a bad id
     */
    Row row(String line) {
        List<String> fields = CsvLine.split(line, ',');
        if (fields.size() != columns) {
            throw new IllegalArgumentException(
                    "the line has " + fields.size() + " fields, the header " + columns + " (field count)");
        }
        String userId = checkedId(field(fields, userColumn), "user_id");
        String cdpId = field(fields, cdpColumn);
        cdpId = cdpId.isEmpty() ? userId : checkedId(cdpId, "cdp_id");
        String consent = field(fields, consentColumn);
        return new Row(userId, cdpId, hasConsent() ? ConsentValue.of(consent) : ConsentValue.GRANTED, consent);
    }

    static String checkedId(String id, String what) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " has " + id.length() + " characters (max " + MAX_LENGTH + ")");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains control characters");
        }
        UserIds.reason(id).ifPresent(reason -> {
            throw new IllegalArgumentException(what + " " + reason + " (not a valid visitor id)");
        });
        return id;
    }

    private static String field(List<String> fields, int column) {
        return column >= 0 && column < fields.size() ? fields.get(column).trim() : "";
    }
}
