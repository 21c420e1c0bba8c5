package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the lines of one export file, in order, into change rows. One instance per file. */
public interface ExportParser {

    /**
     * Parses one line.
     *
     * @param line   the line, without its line break
     * @param lineNo its 1-based number
     * @return the change rows it holds, possibly none (header, blank line, event of no interest)
     * @throws MalformedRowException when the line must be skipped
     * @throws InputFileException    when the file cannot be read as this format at all (bad header)
     */
    List<ChangeRow> parse(String line, long lineNo);

    /** The file the rows come from; a snapshot once the header said so. */
    RowOrigin origin();

    /** For a snapshot, the time its state holds from; otherwise null. */
    default @Nullable Instant snapshotTime() {
        return null;
    }

    /** For a snapshot of one audience named by the file, that audience; otherwise null. */
    default @Nullable String audienceFromName() {
        return null;
    }
}
