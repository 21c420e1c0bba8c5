package io.signalranon.dispatcher.ingest;

/** An input file that cannot be read at all (missing, unreadable, corrupt gzip): the run stops. */
public class InputFileException extends RuntimeException {

    private final String file;

    public InputFileException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    /** The file (or pattern) as the user named it. */
    public String file() {
        return file;
    }
}
