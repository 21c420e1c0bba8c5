package io.signalranon.negotiate.token;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one place that chooses how client tokens are signed for a connection string: every delivery
 * form of negotiate (the service, the servlet, the Spring Boot starter, the Azure Functions handler)
 * gets its {@link ClientTokenIssuer} here, so a new way to sign reaches them all.
 */
public final class ClientTokenIssuers {

    /**
     * The environment variables that hold the connection string, in order: the project's own, then
     * the one Azure Functions' SignalR extension reads.
     */
    public static final List<String> CONNECTION_STRING_VARIABLES =
            List.of("SIGNALR_CONNECTION_STRING", "AzureSignalRConnectionString");

    private ClientTokenIssuers() {}

    /**
     * The environment variable that chooses how client tokens are made with an Entra ID connection
     * string: {@code temporary-key} (default) or {@code generate-token}.
     */
    public static final String ENTRA_CLIENT_TOKENS_VARIABLE = "SIGNALR_ANON_ENTRA_CLIENT_TOKENS";

    /** How client tokens are made with an Entra ID ({@code AuthType=}) connection string. */
    public enum EntraClientTokens {
        /** Signed here with the service's temporary access key (roles SignalR App Server or Service Owner). */
        TEMPORARY_KEY("temporary-key"),
        /** Made by the service per request, {@code :generateToken} (roles SignalR REST API Owner or Service Owner). */
        GENERATE_TOKEN("generate-token");

        private final String label;

        EntraClientTokens(String label) {
            this.label = label;
        }

        /**
         * The mode named {@code label}.
         *
         * @throws IllegalArgumentException naming the variable and the known values
         */
        public static EntraClientTokens of(String label) {
            for (EntraClientTokens mode : values()) {
                if (mode.label.equalsIgnoreCase(label.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException(
                    ENTRA_CLIENT_TOKENS_VARIABLE + " must be temporary-key or generate-token, got '" + label + "'");
        }
    }

    /**
     * The issuer for a connection string: with {@code AccessKey=}, tokens signed with that key; with
     * an Entra ID {@code AuthType=}, tokens signed with the service's temporary access key.
     */
    public static ClientTokenIssuer forConnectionString(ConnectionString connection) {
        return forConnectionString(connection, EntraClientTokens.TEMPORARY_KEY);
    }

    /**
     * The issuer for a connection string, with Entra ID as {@code entra} says.
     *
     * @throws IllegalStateException for an Entra ID connection string without the library
     *     {@code signalr-client-entra} on the class path
     */
    public static ClientTokenIssuer forConnectionString(ConnectionString connection, EntraClientTokens entra) {
        if (!connection.usesEntra()) {
            return new AccessKeyTokenIssuer(connection);
        }
        SignalRRestClient client = SignalRRestClient.builder(connection).build();
        return entra == EntraClientTokens.GENERATE_TOKEN
                ? new GeneratedTokenIssuer(connection, client)
                : new TemporaryKeyTokenIssuer(connection, client, Clock.systemUTC());
    }

    /**
     * The connection string from {@code SIGNALR_CONNECTION_STRING}, else {@code AzureSignalRConnectionString};
     * empty when neither is set.
     *
     * @param environment looks up an environment variable, e.g. {@code System::getenv}
     * @throws io.signalranon.client.InvalidConnectionStringException naming the variable and the broken rule, never the key
     */
    public static Optional<ConnectionString> connectionStringFrom(Function<String, @Nullable String> environment) {
        for (String variable : CONNECTION_STRING_VARIABLES) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                try {
                    return Optional.of(ConnectionString.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(variable + ": " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The issuer for the connection string of the environment.
     *
     * @throws IllegalArgumentException when no connection string is set, or it is invalid or cannot sign
     */
    public static ClientTokenIssuer fromEnvironment(Function<String, @Nullable String> environment) {
        String mode = environment.apply(ENTRA_CLIENT_TOKENS_VARIABLE);
        return forConnectionString(
                connectionStringFrom(environment)
                        .orElseThrow(() -> new IllegalArgumentException("no connection string: set "
                                + String.join(" or ", CONNECTION_STRING_VARIABLES)
                                + " (Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;)")),
                mode == null || mode.isBlank() ? EntraClientTokens.TEMPORARY_KEY : EntraClientTokens.of(mode));
    }
}
