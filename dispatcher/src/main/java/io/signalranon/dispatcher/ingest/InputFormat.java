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

    public static Optional<InputFormat> fromCliName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.cliName.equals(wanted)).findFirst();
    }

    /** Every format name, for usage and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(InputFormat::cliName).collect(Collectors.joining(", "));
    }
}
