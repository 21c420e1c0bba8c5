package io.signalranon.client;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Microsoft Entra ID identity of a connection string with {@code AuthType=}, as Microsoft's SDKs
 * read it: {@code azure} (the default credential chain), {@code azure.msi} (managed identity,
 * user-assigned with {@code ClientId}) or {@code azure.app} (service principal: {@code ClientId},
 * {@code TenantId} and {@code ClientSecret} or {@code ClientCert}). The secret never appears in
 * {@link #toString()}.
 *
 * @param authType which credential
 * @param clientId the application (client) id, or {@code null}
 * @param tenantId the tenant id, or {@code null}
 * @param clientSecret the client secret ({@code azure.app}), or {@code null}
 * @param clientCert the path of a PEM or PFX client certificate ({@code azure.app}), or {@code null}
 */
public record EntraIdentity(
        AuthType authType,
        @Nullable String clientId,
        @Nullable String tenantId,
        @Nullable String clientSecret,
        @Nullable String clientCert) {

    /** The scope of tokens for the service's data plane. */
    public static final String SCOPE = "https://signalr.azure.com/.default";

    /** The audience ({@code aud}) of the service's Entra ID tokens. */
    public static final String AUDIENCE = "https://signalr.azure.com";

    /** The credentials of {@code AuthType=}. */
    public enum AuthType {
        /** {@code azure}: the default credential chain (environment, workload identity, managed identity, developer tools). */
        DEFAULT("azure"),
        /** {@code azure.msi}: managed identity, user-assigned when a client id is given. */
        MANAGED_IDENTITY("azure.msi"),
        /** {@code azure.app}: a service principal with a client secret or certificate. */
        APPLICATION("azure.app");

        private final String label;

        AuthType(String label) {
            this.label = label;
        }

        /** The connection string's spelling. */
        public String label() {
            return label;
        }
    }

    public EntraIdentity {
        Objects.requireNonNull(authType, "authType");
        if (authType == AuthType.APPLICATION) {
            requirePresent(clientId, "ClientId");
            requirePresent(tenantId, "TenantId");
            if ((clientSecret == null) == (clientCert == null)) {
                throw new InvalidConnectionStringException(
                        "AuthType=azure.app needs exactly one of ClientSecret and ClientCert");
            }
        } else if (clientSecret != null || clientCert != null) {
            throw new InvalidConnectionStringException(
                    "ClientSecret and ClientCert belong to AuthType=azure.app, not " + authType.label());
        }
    }

    /**
     * The identity of a connection string's {@code AuthType} and its entries (lower-cased keys), or
     * {@code null} when {@code authType} is {@code null}. The legacy {@code aad} means a service
     * principal with {@code ClientId} and {@code TenantId}, else a managed identity.
     *
     * @throws InvalidConnectionStringException naming the setting, never a secret
     */
    static EntraIdentity of(
            String authType,
            @Nullable String clientId,
            @Nullable String tenantId,
            @Nullable String clientSecret,
            @Nullable String clientCert) {
        String type = authType.trim().toLowerCase(Locale.ROOT);
        AuthType resolved = switch (type) {
            case "azure" -> AuthType.DEFAULT;
            case "azure.msi" -> AuthType.MANAGED_IDENTITY;
            case "azure.app" -> AuthType.APPLICATION;
            case "aad" -> clientId != null && tenantId != null ? AuthType.APPLICATION : AuthType.MANAGED_IDENTITY;
            default ->
                throw new InvalidConnectionStringException(
                        "AuthType must be azure, azure.msi or azure.app (or the legacy aad), got "
                                + (type.length() <= 20 && type.matches("[a-z0-9.]*")
                                        ? "'" + type + "'"
                                        : "a value that is not shown"));
        };
        if (resolved == AuthType.DEFAULT && tenantId != null) {
            throw new InvalidConnectionStringException("TenantId belongs to AuthType=azure.app, not azure");
        }
        if (resolved == AuthType.MANAGED_IDENTITY && tenantId != null) {
            throw new InvalidConnectionStringException("TenantId belongs to AuthType=azure.app, not azure.msi");
        }
        return new EntraIdentity(resolved, clientId, tenantId, clientSecret, clientCert);
    }

    private static void requirePresent(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidConnectionStringException("AuthType=azure.app needs " + name);
        }
    }

    /** What this identity is, for messages: its type and client id, never the secret. */
    public String describe() {
        return switch (authType) {
            case DEFAULT ->
                "the default Azure credential chain" + (clientId == null ? "" : " (ClientId " + clientId + ")");
            case MANAGED_IDENTITY ->
                clientId == null ? "the system-assigned managed identity" : "the managed identity " + clientId;
            case APPLICATION ->
                "the application " + clientId + " in tenant " + tenantId
                        + (clientSecret != null ? " (client secret)" : " (certificate " + clientCert + ")");
        };
    }

    /** The connection string entries of this identity, with the secret masked. */
    @Override
    public String toString() {
        return "AuthType=" + authType.label() + (clientId == null ? "" : ";ClientId=" + clientId)
                + (tenantId == null ? "" : ";TenantId=" + tenantId)
                + (clientSecret == null ? "" : ";ClientSecret=***")
                + (clientCert == null ? "" : ";ClientCert=" + clientCert);
    }
}
