package io.signalranon.dispatcher.ingest;

import java.util.Objects;

/**
 * Where change rows come from: one file of one input.
 *
 * @param input    index of the {@code --input} option (0-based)
 * @param fileNo   index of the file among all files of the run (0-based)
 * @param format   the export format
 * @param file     the file name (without directory)
 * @param snapshot true when the file lists the whole membership of the audiences it covers
 */
public record RowOrigin(int input, int fileNo, InputFormat format, String file, boolean snapshot) {

    public RowOrigin {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(file, "file");
        if (input < 0 || fileNo < 0) {
            throw new IllegalArgumentException("input and fileNo must be >= 0");
        }
    }

    /** The same origin, marked as a snapshot. */
    public RowOrigin asSnapshot() {
        return new RowOrigin(input, fileNo, format, file, true);
    }
}
