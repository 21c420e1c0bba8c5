package io.signalranon.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An Azure SignalR Service connection string, parsed with the rules of Microsoft's SDK:
 * entries separated by {@code ;}, each split on its first {@code =}, keys case-insensitive and
 * trimmed, unknown keys ignored, a duplicate key rejected.
 *
 * <p>{@code Endpoint} (absolute http or https URL) is required, and either {@code AccessKey} or an
 * Entra ID {@code AuthType} ({@code azure}, {@code azure.msi}, {@code azure.app}, the legacy
 * {@code aad}; see {@link EntraIdentity}), not both; {@code Port} replaces the endpoint's port;
 * {@code ServerEndpoint} (REST calls) and {@code ClientEndpoint} (negotiate URL) default to the
 * endpoint. The access key and the client secret never appear in {@link #toString()} or in any
 * error message.
 *
 * @param endpoint the service endpoint, without trailing slash
 * @param serverEndpoint the endpoint for REST calls, without trailing slash
 * @param clientEndpoint the endpoint given to clients in negotiate responses, without trailing slash
 * @param accessKey the access key, whose UTF-8 bytes sign tokens; {@code null} with an Entra identity
 * @param entra the Entra ID identity that authorizes calls instead of an access key, or {@code null}
 */
public record ConnectionString(
        URI endpoint,
        URI serverEndpoint,
        URI clientEndpoint,
        @Nullable String accessKey,
        @Nullable EntraIdentity entra) {

    /** The connection string of the local emulator (and of Microsoft's local emulator). */
    public static final String EMULATOR_DEFAULT =
            "Endpoint=http://localhost;Port=8888;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;";

    private static final String ENDPOINT = "endpoint";
    private static final String ACCESS_KEY = "accesskey";
    private static final String PORT = "port";
    private static final String VERSION = "version";
    private static final String CLIENT_ENDPOINT = "clientendpoint";
    private static final String SERVER_ENDPOINT = "serverendpoint";
    private static final String AUTH_TYPE = "authtype";
    private static final String CLIENT_ID = "clientid";
    private static final String TENANT_ID = "tenantid";
    private static final String CLIENT_SECRET = "clientsecret";
    private static final String CLIENT_CERT = "clientcert";

    public ConnectionString {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serverEndpoint, "serverEndpoint");
        Objects.requireNonNull(clientEndpoint, "clientEndpoint");
        if (entra == null && (accessKey == null || accessKey.isEmpty())) {
            throw new IllegalArgumentException("AccessKey must not be empty");
        }
        if (entra != null && accessKey != null) {
            throw new IllegalArgumentException("AccessKey and AuthType exclude each other");
        }
    }

    /** A connection string with an access key. */
    public ConnectionString(URI endpoint, URI serverEndpoint, URI clientEndpoint, String accessKey) {
        this(endpoint, serverEndpoint, clientEndpoint, accessKey, null);
    }

    /** Whether calls are authorized with Entra ID ({@code AuthType=}) rather than an access key. */
    public boolean usesEntra() {
        return entra != null;
    }

    /**
     * Parses a connection string.
     *
     * @throws InvalidConnectionStringException naming the broken rule, never the key
     */
    public static ConnectionString parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConnectionStringException(
                    "connection string is empty: Endpoint and AccessKey (or AuthType) are required");
        }
        Map<String, String> entries = entries(value);
        String rawEndpoint = entries.get(ENDPOINT);
        if (rawEndpoint == null || rawEndpoint.isEmpty()) {
            throw new InvalidConnectionStringException("Endpoint is required");
        }
        String accessKey = entries.get(ACCESS_KEY);
        @Nullable EntraIdentity entra = entra(entries);
        if (entra != null && accessKey != null) {
            throw new InvalidConnectionStringException(
                    "AccessKey and AuthType exclude each other: keep AccessKey, or AuthType for Entra ID");
        }
        if (entra == null && (accessKey == null || accessKey.isEmpty())) {
            throw new InvalidConnectionStringException("AccessKey is required (or AuthType=azure|azure.msi|azure.app)");
        }
        checkVersion(entries.get(VERSION));
        Integer port = port(entries.get(PORT));
        URI endpoint = endpoint(ENDPOINT, rawEndpoint, port);
        String rawServer = entries.get(SERVER_ENDPOINT);
        URI server = rawServer != null ? endpoint("ServerEndpoint", rawServer, null) : endpoint;
        String rawClient = entries.get(CLIENT_ENDPOINT);
        URI client = rawClient != null ? endpoint("ClientEndpoint", rawClient, null) : endpoint;
        return new ConnectionString(endpoint, server, client, accessKey, entra);
    }

    private static @Nullable EntraIdentity entra(Map<String, String> entries) {
        String authType = entries.get(AUTH_TYPE);
        if (authType == null) {
            for (String key : new String[] {CLIENT_SECRET, CLIENT_CERT, TENANT_ID}) {
                if (entries.containsKey(key)) {
                    throw new InvalidConnectionStringException(
                            displayName(key) + " needs AuthType=azure.app (Entra ID)");
                }
            }
            return null;
        }
        return EntraIdentity.of(
                authType,
                present(entries, CLIENT_ID),
                present(entries, TENANT_ID),
                present(entries, CLIENT_SECRET),
                present(entries, CLIENT_CERT));
    }

    private static @Nullable String present(Map<String, String> entries, String key) {
        String value = entries.get(key);
        if (value != null && value.isEmpty()) {
            throw new InvalidConnectionStringException(displayName(key) + " must not be empty");
        }
        return value;
    }

    private static Map<String, String> entries(String value) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new InvalidConnectionStringException(
                        "entry without '=' in connection string (expected Key=Value)");
            }
            String key = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String val = entry.substring(eq + 1).trim();
            if (entries.putIfAbsent(key, val) != null) {
                throw new InvalidConnectionStringException(
                        "duplicate key " + displayName(key) + " in connection string");
            }
        }
        return entries;
    }

    private static String displayName(String key) {
        return switch (key) {
            case ENDPOINT -> "Endpoint";
            case ACCESS_KEY -> "AccessKey";
            case PORT -> "Port";
            case VERSION -> "Version";
            case CLIENT_ENDPOINT -> "ClientEndpoint";
            case SERVER_ENDPOINT -> "ServerEndpoint";
            case AUTH_TYPE -> "AuthType";
            case CLIENT_ID -> "ClientId";
            case TENANT_ID -> "TenantId";
            case CLIENT_SECRET -> "ClientSecret";
            case CLIENT_CERT -> "ClientCert";
            default -> "'" + key + "'";
        };
    }

    private static void checkVersion(@Nullable String version) {
        if (version != null && !version.matches("1(\\.\\d+)?")) {
            throw new InvalidConnectionStringException("Version must be 1.x, got " + echo(version));
        }
    }

    private static @Nullable Integer port(@Nullable String port) {
        if (port == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConnectionStringException("Port must be a number from 1 to 65535, got " + echo(port));
    }

    private static URI endpoint(String name, String value, @Nullable Integer port) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidConnectionStringException(displayName(name.toLowerCase(Locale.ROOT))
                    + " must be an absolute http or https URL, got " + echo(value));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidConnectionStringException(displayName(name.toLowerCase(Locale.ROOT))
                    + " must be an absolute http or https URL, got " + echo(value));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int effectivePort = port != null ? port : uri.getPort();
        String authority =
                uri.getHost() + (effectivePort < 0 || isDefaultPort(scheme, effectivePort) ? "" : ":" + effectivePort);
        return URI.create(scheme + "://" + authority + path);
    }

    /**
     * A rejected value for an error message, unless it may hold the key: a value with {@code =} or
     * white space suggests a missing {@code ;} that glued the next entries (the key perhaps) to it.
     */
    private static String echo(String value) {
        boolean mayHoldKey =
                value.indexOf('=') >= 0 || value.chars().anyMatch(Character::isWhitespace) || value.length() > 200;
        return mayHoldKey ? "a value that is not shown (is a ';' missing?)" : "'" + value + "'";
    }

    private static boolean isDefaultPort(String scheme, int port) {
        return (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    }

    /** The connection string with the access key or the client secret masked, safe to log. */
    @Override
    public String toString() {
        return "Endpoint=" + endpoint + ";ServerEndpoint=" + serverEndpoint + ";ClientEndpoint=" + clientEndpoint
                + (entra == null ? ";AccessKey=***" : ";" + entra) + ";Version=1.0;";
    }
}
