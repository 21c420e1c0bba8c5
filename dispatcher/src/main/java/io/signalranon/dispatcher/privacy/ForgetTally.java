package io.signalranon.dispatcher.privacy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows deleted (or rewritten) per table by a forget, in the order the tables were first named. */
public final class ForgetTally {

    private final Map<String, Long> rows = new LinkedHashMap<>();

    /** Adds {@code count} rows of {@code table}. */
    public void add(String table, long count) {
        rows.merge(table, count, Long::sum);
    }

    /** Adds every count of another tally. */
    public void addAll(ForgetTally other) {
        other.rows.forEach(this::add);
    }

    /** Rows per table. */
    public Map<String, Long> rows() {
        return Collections.unmodifiableMap(rows);
    }

    /** Rows of one table, 0 when it was not named. */
    public long get(String table) {
        return rows.getOrDefault(table, 0L);
    }
}
