package io.signalranon.client.entra;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraIdentity;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of {@code AuthType=} connection strings, from azure-identity, as Microsoft's SDKs
 * build them: {@code azure} → {@code DefaultAzureCredential} (with {@code ClientId} as the managed
 * identity's), {@code azure.msi} → {@code ManagedIdentityCredential} (user-assigned with
 * {@code ClientId}; on App Service, Functions and Container Apps it asks {@code IDENTITY_ENDPOINT}),
 * {@code azure.app} → {@code ClientSecretCredential} or {@code ClientCertificateCredential} (a PEM
 * file, or PFX by its extension). Tokens are for {@value EntraIdentity#SCOPE}.
 */
public final class AzureIdentityCredentials implements EntraCredential.Provider {

    private static final TokenRequestContext SCOPE = new TokenRequestContext().addScopes(EntraIdentity.SCOPE);
    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final int MAX_CAUSE = 300;

    private final Function<String, String> environment;

    /** Reads the environment of the process. */
    public AzureIdentityCredentials() {
        this(System::getenv);
    }

    AzureIdentityCredentials(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public EntraCredential credential(EntraIdentity identity) {
        TokenCredential credential = switch (identity.authType()) {
            case DEFAULT -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
                if (identity.clientId() != null) {
                    builder.managedIdentityClientId(identity.clientId());
                }
                yield builder.build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
                if (identity.clientId() != null) {
                    builder.clientId(identity.clientId());
                }
                yield builder.build();
            }
            case APPLICATION -> application(identity);
        };
        return new Azure(credential, describe(identity), identity.clientSecret());
    }

    private static TokenCredential application(EntraIdentity identity) {
        if (identity.clientSecret() != null) {
            return new ClientSecretCredentialBuilder()
                    .tenantId(identity.tenantId())
                    .clientId(identity.clientId())
                    .clientSecret(identity.clientSecret())
                    .build();
        }
        Path certificate = Path.of(identity.clientCert());
        if (!Files.isReadable(certificate)) {
            throw new EntraTokenException("ClientCert " + identity.clientCert() + " is not a readable file");
        }
        ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                .tenantId(identity.tenantId())
                .clientId(identity.clientId());
        String name = certificate.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pfx") || name.endsWith(".p12")) {
            builder.pfxCertificate(identity.clientCert());
        } else {
            builder.pemCertificate(identity.clientCert());
        }
        return builder.build();
    }

    /** The identity and where its tokens come from, for messages; never a secret (not {@code IDENTITY_HEADER}). */
    String describe(EntraIdentity identity) {
        if (identity.authType() == EntraIdentity.AuthType.APPLICATION) {
            return identity.describe();
        }
        String where = managedIdentityEndpoint();
        return identity.authType() == EntraIdentity.AuthType.MANAGED_IDENTITY
                ? identity.describe() + " at " + where
                : identity.describe() + " (managed identity at " + where + ")";
    }

    private String managedIdentityEndpoint() {
        for (String variable : new String[] {"IDENTITY_ENDPOINT", "MSI_ENDPOINT"}) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                return "the managed identity endpoint " + value + " (" + variable + ")";
            }
        }
        return "the instance metadata service (IMDS, no IDENTITY_ENDPOINT set)";
    }

    /** One azure-identity credential; thread-safe as azure-identity's credentials are. */
    private record Azure(
            TokenCredential credential,
            String description,
            @Nullable String secret) implements EntraCredential {

        @Override
        public EntraToken fetch() {
            AccessToken token;
            try {
                token = credential.getTokenSync(SCOPE);
            } catch (RuntimeException e) {
                throw new EntraTokenException("cannot get an Entra ID token from " + description + ": " + cause(e));
            }
            if (token == null || token.getToken() == null || token.getExpiresAt() == null) {
                throw new EntraTokenException("cannot get an Entra ID token from " + description + ": no token");
            }
            return new EntraToken(token.getToken(), token.getExpiresAt().toInstant());
        }

        @Override
        public String describe() {
            return description;
        }

        /** The first line of the innermost message, without tokens or the secret, cut short. */
        private String cause(Throwable failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage() == null ? failure.getMessage() : root.getMessage();
            if (message == null || message.isBlank()) {
                message = root.getClass().getSimpleName();
            }
            message = message.strip().lines().findFirst().orElse("");
            message = JWT_LIKE.matcher(message).replaceAll("<token>");
            if (secret != null && !secret.isEmpty()) {
                message = message.replace(secret, "***");
            }
            return message.length() <= MAX_CAUSE ? message : message.substring(0, MAX_CAUSE - 1) + "…";
        }

        @Override
        public String toString() {
            return "AzureIdentityCredential[" + description + "]";
        }
    }
}
