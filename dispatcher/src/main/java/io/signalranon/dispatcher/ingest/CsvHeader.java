package io.signalranon.dispatcher.ingest;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The header line of a CSV export: finds columns by name. */
final class CsvHeader {

    private final List<String> names;
    private final String file;

    CsvHeader(String line, char separator, String file) {
        this.file = file;
        String clean = line.startsWith("\uFEFF") ? line.substring(1) : line;
        try {
            this.names =
                    CsvLine.split(clean, separator).stream().map(String::trim).toList();
        } catch (IllegalArgumentException e) {
            throw new InputFileException(file, "bad CSV header: " + e.getMessage());
        }
    }

    /** Index of the column named {@code name} (any case), or -1. */
    int find(String name) {
        return find(n -> n.equalsIgnoreCase(name));
    }

    int find(Predicate<String> match) {
        for (int i = 0; i < names.size(); i++) {
            if (match.test(names.get(i))) {
                return i;
            }
        }
        return -1;
    }

    int require(String name) {
        int index = find(name);
        if (index < 0) {
            throw new InputFileException(file, "the header has no '" + name + "' column");
        }
        return index;
    }

    int size() {
        return names.size();
    }

    static Predicate<String> endsWithIgnoringCase(String suffix) {
        String lower = suffix.toLowerCase(Locale.ROOT);
        return n -> n.toLowerCase(Locale.ROOT).endsWith(lower);
    }
}
