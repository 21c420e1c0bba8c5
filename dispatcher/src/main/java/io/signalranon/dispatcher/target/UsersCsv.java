package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.ingest.CsvLine;
import io.signalranon.dispatcher.ingest.InputFileException;
import java.nio.file.Path;
import java.util.List;

/** The columns of users.csv (RFC 4180 quoting): {@code user_id} (required), {@code cdp_id} and {@code consent} (optional). */
final class UsersCsv {

    private static final int MAX_LENGTH = 512;

    private final int userColumn;
    private final int cdpColumn;
    private final int consentColumn;

    UsersCsv(Path file, String header) {
        if (header == null) {
            throw new InputFileException(file.toString(), "empty file, expected header user_id,cdp_id,consent");
        }
        List<String> names = CsvLine.split(header.replace("\uFEFF", ""), ',').stream()
                .map(n -> n.trim().toLowerCase(java.util.Locale.ROOT))
                .toList();
        userColumn = names.indexOf("user_id");
        cdpColumn = names.indexOf("cdp_id");
        consentColumn = names.indexOf("consent");
        if (userColumn < 0) {
            throw new InputFileException(file.toString(), "the header has no 'user_id' column");
        }
    }

    /** One line as (user id, CDP id, consent). */
    Object[] row(String line) {
        List<String> fields = CsvLine.split(line, ',');
        String userId = checkedId(field(fields, userColumn), "user_id");
        String cdpId = field(fields, cdpColumn);
        cdpId = cdpId.isEmpty() ? userId : checkedId(cdpId, "cdp_id");
        return new Object[] {userId, cdpId, ConsentValue.granted(field(fields, consentColumn))};
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
        return id;
    }

    private static String field(List<String> fields, int column) {
        return column >= 0 && column < fields.size() ? fields.get(column).trim() : "";
    }
}
