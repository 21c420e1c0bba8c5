package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.privacy.IdText;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A row of an export that cannot be used; it is skipped and recorded in {@code SKIPPED_ROW}. */
public class MalformedRowException extends RuntimeException {

    private static final int MAX_DETAIL = 200;

    private final RowOrigin origin;
    private final long line;
    private final SkipReason reason;

    public MalformedRowException(RowOrigin origin, long line, SkipReason reason, @Nullable String detail) {
        super(origin.file() + ":" + line + ": " + reason.label() + ": " + shorten(detail), null, false, false);
        this.origin = origin;
        this.line = line;
        this.reason = reason;
    }

    public RowOrigin origin() {
        return origin;
    }

    public long line() {
        return line;
    }

    public SkipReason reason() {
        return reason;
    }

    /** The detail text, shortened and free of control characters, fit for a log line and a table. */
    public String detail() {
        String message = Objects.requireNonNull(getMessage(), "set by the constructor");
        return message.substring(
                message.indexOf(reason.label()) + reason.label().length() + 2);
    }

    private static String shorten(@Nullable String detail) {
        String clean = detail == null ? "" : detail.replaceAll("\\p{Cntrl}", "?");
        // cut before an id, not inside it: the beginning of a forgotten id is no id its hash recognises
        return clean.length() <= MAX_DETAIL ? clean : IdText.cut(clean, MAX_DETAIL) + "...";
    }
}
