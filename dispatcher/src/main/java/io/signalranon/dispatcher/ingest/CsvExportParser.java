package io.signalranon.dispatcher.ingest;

import java.util.List;

/** Common part of the CSV formats: header on line 1, quoted fields, one record per line. */
abstract class CsvExportParser implements ExportParser {

    private final char separator;
    private RowOrigin origin;
    private RowFactory rows;
    private int columns;

    CsvExportParser(RowOrigin origin, char separator) {
        this.origin = origin;
        this.separator = separator;
        this.rows = new RowFactory(origin);
    }

    @Override
    public final List<ChangeRow> parse(String line, long lineNo) {
        if (lineNo == 1) {
            CsvHeader header = new CsvHeader(line, separator, origin.file());
            columns = header.size();
            if (header(header)) {
                origin = origin.asSnapshot();
                rows = new RowFactory(origin);
            }
            return List.of();
        }
        if (line.isBlank()) {
            return List.of();
        }
        List<String> fields;
        try {
            fields = CsvLine.split(line, separator);
        } catch (IllegalArgumentException e) {
            throw rows.malformed(lineNo, SkipReason.BAD_CSV, e.getMessage());
        }
        if (fields.size() != columns) {
            throw rows.malformed(
                    lineNo, SkipReason.BAD_CSV, "expected " + columns + " columns, found " + fields.size());
        }
        return rows(fields, lineNo, rows);
    }

    @Override
    public final RowOrigin origin() {
        return origin;
    }

    /**
     * Reads the header.
     *
     * @return true when the file is a snapshot of the audiences it names
     */
    abstract boolean header(CsvHeader header);

    abstract List<ChangeRow> rows(List<String> fields, long lineNo, RowFactory rows);
}
