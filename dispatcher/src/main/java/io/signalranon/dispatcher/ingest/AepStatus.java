package io.signalranon.dispatcher.ingest;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** AEP segment membership status: {@code realized}/{@code existing} = member, {@code exited} = not. */
final class AepStatus {

    private AepStatus() {}

    static boolean member(@Nullable String status, long lineNo, RowFactory rows) {
        return switch (status == null ? "" : status.trim().toLowerCase(Locale.ROOT)) {
            case "realized", "existing" -> true;
            case "exited" -> false;
            default ->
                throw rows.malformed(
                        lineNo, SkipReason.UNKNOWN_STATUS, "status must be realized, existing or exited: " + status);
        };
    }
}
