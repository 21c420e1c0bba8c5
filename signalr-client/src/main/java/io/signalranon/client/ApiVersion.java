package io.signalranon.client;

import java.util.Arrays;

/** The REST API versions of the SignalR data plane that this client speaks. */
public enum ApiVersion {
    /** Paths under {@code /api/v1/hubs/...}. */
    V1("v1"),
    /** Paths under {@code /api/hubs/...} with {@code ?api-version=2022-06-01}. */
    V2022_06_01("2022-06-01");

    private final String label;

    ApiVersion(String label) {
        this.label = label;
    }

    /** The label users write in settings: {@code v1} or {@code 2022-06-01}. */
    public String label() {
        return label;
    }

    /** The version for a label, as written in settings. */
    public static ApiVersion fromLabel(String label) {
        return Arrays.stream(values())
                .filter(v -> v.label.equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("api version must be v1 or 2022-06-01, got '" + label + "'"));
    }
}
