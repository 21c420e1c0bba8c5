package io.signalranon.dispatcher.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The CDP export formats accepted by {@code --input=FORMAT:PATH}. */
public enum InputFormat {
    AEP_JSON("aep-json"),
    AEP_CSV("aep-csv"),
    SEGMENT("segment"),
    MPARTICLE("mparticle"),
    UNOMI_CSV("unomi-csv"),
    CSV("csv");

    private final String cliName;

    InputFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /**
     * True when a file of this format is a snapshot per listed id (Apache Unomi): an id it lists is a member of
     * exactly the audiences listed for it, and an id it does not list keeps its memberships.
     */
    public boolean snapshotPerId() {
        return this == UNOMI_CSV;
    }

    /**
     * True when a file name looks like an export of this format (its extension, before an optional
     * {@code .gz}); AEP manifests ({@code manifest-*.json}) do not.
     */
    public boolean looksLike(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.startsWith("manifest-")) {
            return false;
        }
        return switch (this) {
            case AEP_JSON -> hasExtension(name, ".json", ".jsonl", ".ndjson");
            case SEGMENT, MPARTICLE -> hasExtension(name, ".json", ".jsonl", ".ndjson", ".txt");
            case AEP_CSV, UNOMI_CSV, CSV -> hasExtension(name, ".csv", ".txt");
        };
    }

    private static boolean hasExtension(String name, String... extensions) {
        return Arrays.stream(extensions).anyMatch(name::endsWith);
    }

    public static Optional<InputFormat> fromCliName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.cliName.equals(wanted)).findFirst();
    }

    /** Every format name, for usage and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(InputFormat::cliName).collect(Collectors.joining(", "));
    }
}
