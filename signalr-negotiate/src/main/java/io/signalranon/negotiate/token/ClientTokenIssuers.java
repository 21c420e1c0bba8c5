package io.signalranon.negotiate.token;

import io.signalranon.client.ConnectionString;
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
     * The issuer for a connection string: with {@code AccessKey=}, tokens signed with that key.
     *
     * @throws IllegalArgumentException for a connection string this version cannot sign client tokens with
     */
    public static ClientTokenIssuer forConnectionString(ConnectionString connection) {
        if (connection.usesEntra()) {
            throw new IllegalArgumentException("negotiate signs client tokens with an access key:"
                    + " a connection string with AuthType="
                    + connection.entra().authType().label()
                    + " cannot sign them yet; use one with AccessKey=");
        }
        return new AccessKeyTokenIssuer(connection);
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
        return forConnectionString(connectionStringFrom(environment)
                .orElseThrow(() -> new IllegalArgumentException("no connection string: set "
                        + String.join(" or ", CONNECTION_STRING_VARIABLES)
                        + " (Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;)")));
    }
}
