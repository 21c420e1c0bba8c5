package io.signalranon.dispatcher.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting) on a separator. */
public final class CsvLine {

    private CsvLine() {}

    /**
     * @throws IllegalArgumentException on an unterminated or misplaced quote
     */
    public static List<String> split(String line, char separator) {
        List<String> fields = new ArrayList<>();
        if (line.indexOf('"') < 0) {
            int start = 0;
            for (int i = line.indexOf(separator); i >= 0; i = line.indexOf(separator, start)) {
                fields.add(line.substring(start, i));
                start = i + 1;
            }
            fields.add(line.substring(start));
            return fields;
        }
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("unterminated quote");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != separator) {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != separator) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("quote inside an unquoted field");
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++;
        }
    }
}
