package io.signalranon.negotiate.spring;

/**
 * An Entra ID ({@code AuthType=}) connection string in an application without the library
 * {@code io.signalranon:signalr-client-entra}: the start stops, and {@link EntraLibraryMissingFailureAnalyzer}
 * says what to add.
 */
public class EntraLibraryMissingException extends IllegalStateException {

    /** The library that makes Entra ID credentials (azure-identity). */
    public static final String ARTIFACT = "io.signalranon:signalr-client-entra";

    private final String authType;

    public EntraLibraryMissingException(String authType) {
        super("the negotiate connection string has AuthType=" + authType + " (Entra ID), which needs the library "
                + ARTIFACT + " on the class path: add it to the application's dependencies");
        this.authType = authType;
    }

    /** The connection string's {@code AuthType}. */
    public String authType() {
        return authType;
    }
}
