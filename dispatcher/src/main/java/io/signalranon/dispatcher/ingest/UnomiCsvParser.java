package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache Unomi profile export: {@code profileId;...;segments}, a snapshot per listed profile: its
 * {@code segments} are its whole membership (a profile with none is listed too); profiles the file does not
 * list keep theirs.
 */
final class UnomiCsvParser extends CsvExportParser {

    private final Instant fileTime;
    private int idColumn;
    private int segmentsColumn;

    UnomiCsvParser(RowOrigin origin, Instant fileTime) {
        super(origin, ';');
        this.fileTime = fileTime;
    }

    @Override
    boolean header(CsvHeader header) {
        idColumn = header.require("profileId");
        segmentsColumn = header.require("segments");
        return true;
    }

    @Override
    List<ChangeRow> rows(List<String> fields, long lineNo, RowFactory rows) {
        String id = rows.id(lineNo, fields.get(idColumn).trim());
        List<ChangeRow> result = new ArrayList<>();
        for (String segment : fields.get(segmentsColumn).split(",")) {
            if (!segment.isBlank()) {
                result.add(rows.row(lineNo, id, segment.trim(), true, fileTime));
            }
        }
        if (result.isEmpty()) {
            result.add(rows.listedOnly(lineNo, id, fileTime));
        }
        return result;
    }

    @Override
    public Instant snapshotTime() {
        return fileTime;
    }
}
