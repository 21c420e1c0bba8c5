package io.signalranon.maven.connection;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.InvalidConnectionStringException;
import io.signalranon.maven.negotiate.InvalidSettingException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the connection string, first match wins:
 * <ol>
 *   <li>the property {@value #PROPERTY};</li>
 *   <li>the password of the {@code settings.xml} server named by {@code signalr-anon.serverId};</li>
 *   <li>the environment variable named by {@code signalr-anon.connectionStringEnv};</li>
 *   <li>otherwise the local emulator's connection string, flagged as such.</li>
 * </ol>
 * Errors name the source and the broken rule, never the access key.
 */
public final class ConnectionStringResolver {

    /** The property that may hold the connection string itself. */
    public static final String PROPERTY = "signalr-anon.connectionString";
    /** The environment variable read by default, as Azure Functions does. */
    public static final String DEFAULT_ENVIRONMENT_VARIABLE = "AzureSignalRConnectionString";

    private static final Pattern ACCESS_KEY_VALUE = Pattern.compile("(?i)(accesskey\\s*=)[^;']*");

    private final Function<String, Optional<String>> serverPasswords;
    private final Function<String, Optional<String>> environment;

    /**
     * @param serverPasswords the (decrypted) password of a settings server by id; empty when the
     *        server is not defined
     * @param environment the value of an environment variable by name
     */
    public ConnectionStringResolver(
            Function<String, Optional<String>> serverPasswords, Function<String, Optional<String>> environment) {
        this.serverPasswords = Objects.requireNonNull(serverPasswords, "serverPasswords");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * @param property the value of {@value #PROPERTY}, or null
     * @param serverId the settings server id, or null
     * @param environmentVariable the environment variable to read, or null
     * @throws InvalidSettingException when a named server is missing or the value found is not a
     *         valid connection string
     */
    public ResolvedConnection resolve(
            @Nullable String property, @Nullable String serverId, @Nullable String environmentVariable) {
        if (property != null && hasText(property)) {
            return parse(property, "property " + PROPERTY, "fix the value of " + PROPERTY, PROPERTY);
        }
        if (serverId != null && hasText(serverId)) {
            String source = "settings.xml server '" + serverId + "'";
            String password = serverPasswords
                    .apply(serverId)
                    .orElseThrow(() -> new InvalidSettingException(
                            "signalr-anon.serverId",
                            "signalr-anon.serverId names " + source + ", which is not defined:"
                                    + " add a <server> with that id to settings.xml (its <password> holds the connection string)"
                                    + " or remove signalr-anon.serverId"));
            if (!hasText(password)) {
                throw new InvalidSettingException(
                        "signalr-anon.serverId",
                        source + " has no password: put the" + " connection string in its <password>");
            }
            return parse(password, source, "fix the <password> of that server", "signalr-anon.serverId");
        }
        if (environmentVariable != null && hasText(environmentVariable)) {
            Optional<String> value = environment.apply(environmentVariable).filter(ConnectionStringResolver::hasText);
            if (value.isPresent()) {
                String source = "environment variable " + environmentVariable;
                return parse(
                        value.get(),
                        source,
                        "fix the value of " + environmentVariable,
                        "signalr-anon.connectionStringEnv");
            }
        }
        return new ResolvedConnection(
                ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT), "the local emulator's default", true);
    }

    private static ResolvedConnection parse(String value, String source, String remedy, String setting) {
        try {
            return new ResolvedConnection(ConnectionString.parse(value), source, false);
        } catch (InvalidConnectionStringException e) {
            throw new InvalidSettingException(
                    setting,
                    "invalid connection string from " + source + ": "
                            + withoutAccessKey(e.getMessage()) + "; " + remedy
                            + " (expected Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;)");
        }
    }

    /** Masks anything that follows {@code AccessKey=} in a message quoting part of a connection string. */
    static String withoutAccessKey(@Nullable String message) {
        return message == null ? "" : ACCESS_KEY_VALUE.matcher(message).replaceAll("$1***");
    }

    private static boolean hasText(String value) {
        return !value.isBlank();
    }
}
