package io.signalranon.dispatcher.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A format of one JSON object per line: blank lines are passed over, anything but an object is skipped. */
abstract class JsonLinesParser implements ExportParser {

    private final RowOrigin origin;
    /** Builds the rows of this file, and its malformed-row exceptions. */
    protected final RowFactory rows;

    JsonLinesParser(RowOrigin origin) {
        this.origin = origin;
        this.rows = new RowFactory(origin);
    }

    @Override
    public final List<ChangeRow> parse(String line, long lineNo) {
        return line.isBlank() ? List.of() : parse(JsonLines.object(line, lineNo, rows), lineNo);
    }

    /** The change rows of one line's object, possibly none. */
    abstract List<ChangeRow> parse(JsonNode object, long lineNo);

    @Override
    public RowOrigin origin() {
        return origin;
    }
}
