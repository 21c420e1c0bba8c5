package io.signalranon.dispatcher.target;

import java.util.Locale;
import java.util.Set;

/** The {@code consent} column of users.csv: {@code n}, {@code denied}, {@code revoked} (any case) mean no consent. */
public final class ConsentValue {

    private static final Set<String> REFUSED = Set.of("n", "denied", "revoked");

    private ConsentValue() {}

    /** True unless the value refuses consent; a missing or empty value grants it. */
    public static boolean granted(String value) {
        return value == null || !REFUSED.contains(value.trim().toLowerCase(Locale.ROOT));
    }
}
