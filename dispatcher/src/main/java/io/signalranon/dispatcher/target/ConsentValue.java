package io.signalranon.dispatcher.target;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code consent} column of users.csv, read so that it fails closed: the values that CDPs write for a
 * grant ({@code y}, {@code yes}, {@code true}, {@code 1}, {@code granted}, {@code opt-in}) grant, in any case
 * and trimmed; the values for a refusal and an empty cell withhold; any other value withholds too and is
 * reported.
 */
public enum ConsentValue {
    GRANTED,
    WITHHELD,
    UNKNOWN;

    private static final Set<String> GRANTING = Set.of("y", "yes", "true", "1", "granted", "opt-in");
    private static final Set<String> WITHHOLDING = Set.of("", "n", "no", "false", "0", "denied", "revoked", "opt-out");

    /** Reads one cell of the {@code consent} column. */
    public static ConsentValue of(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (GRANTING.contains(normalized)) {
            return GRANTED;
        }
        return WITHHOLDING.contains(normalized) ? WITHHELD : UNKNOWN;
    }

    /** True only for a value that grants consent. */
    public boolean granted() {
        return this == GRANTED;
    }
}
