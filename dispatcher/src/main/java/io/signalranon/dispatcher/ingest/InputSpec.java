package io.signalranon.dispatcher.ingest;

import java.util.Objects;

/**
 * One {@code --input=FORMAT:PATH} option: a format and a file, directory or glob.
 *
 * @param format  the export format
 * @param pattern the path as given: a file, a directory (its files) or a glob
 */
public record InputSpec(InputFormat format, String pattern) {

    public InputSpec {
        Objects.requireNonNull(format, "format");
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("input path must not be empty");
        }
    }

    /**
     * Parses {@code FORMAT:PATH}.
     *
     * @throws IllegalArgumentException naming the broken rule
     */
    public static InputSpec parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    "--input must be FORMAT:PATH (formats: " + InputFormat.names() + "): " + value);
        }
        String name = value.substring(0, colon);
        InputFormat format = InputFormat.fromCliName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown input format '" + name + "' (formats: " + InputFormat.names() + ")"));
        return new InputSpec(format, value.substring(colon + 1));
    }

    /** The {@code FORMAT:PATH} form, as given on the command line. */
    @Override
    public String toString() {
        return format.cliName() + ":" + pattern;
    }
}
