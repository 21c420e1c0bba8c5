package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Generic {@code user_id,segment[,status,timestamp]} CSV; without a status column it is a snapshot. */
final class PlainCsvParser extends CsvExportParser {

    private final Instant fileTime;
    private int idColumn;
    private int segmentColumn;
    private int statusColumn;
    private int timeColumn;

    PlainCsvParser(RowOrigin origin, Instant fileTime) {
        super(origin, ',');
        this.fileTime = fileTime;
    }

    @Override
    boolean header(CsvHeader header) {
        idColumn = header.require("user_id");
        segmentColumn = header.require("segment");
        statusColumn = header.find("status");
        timeColumn = header.find("timestamp");
        return statusColumn < 0;
    }

    @Override
    List<ChangeRow> rows(List<String> fields, long lineNo, RowFactory rows) {
        String id = fields.get(idColumn).trim();
        String segment = fields.get(segmentColumn).trim();
        if (statusColumn < 0) {
            return List.of(rows.row(lineNo, id, segment, true, fileTime));
        }
        boolean member = switch (fields.get(statusColumn).trim().toLowerCase(Locale.ROOT)) {
            case "enter" -> true;
            case "exit" -> false;
            default ->
                throw rows.malformed(
                        lineNo, SkipReason.UNKNOWN_STATUS, "status must be enter or exit: " + fields.get(statusColumn));
        };
        Instant time = timeColumn < 0
                ? fileTime
                : rows.isoTime(lineNo, fields.get(timeColumn).trim());
        return List.of(rows.row(lineNo, id, segment, member, time));
    }

    @Override
    public @Nullable Instant snapshotTime() {
        return origin().snapshot() ? fileTime : null;
    }
}
