package io.signalranon.client.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraIdentity;
import io.signalranon.client.EntraTokenException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureIdentityCredentialsTests {

    private static final Map<String, String> APP_SERVICE =
            Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:41234/msi/token", "IDENTITY_HEADER", "h3ader-s3cret");

    private static EntraIdentity identity(String connectionString) {
        return ConnectionString.parse(connectionString).entra();
    }

    @Test
    void aManagedIdentityNamesItsEndpointButNeverItsHeader() {
        // given
        AzureIdentityCredentials credentials = new AzureIdentityCredentials(APP_SERVICE::get);

        // when
        String described = credentials.describe(identity("Endpoint=https://h;AuthType=azure.msi;ClientId=c-1"));

        // then
        assertThat(described)
                .contains("managed identity c-1")
                .contains("http://127.0.0.1:41234/msi/token (IDENTITY_ENDPOINT)")
                .doesNotContain("h3ader-s3cret");
    }

    @Test
    void withoutAnEndpointTheInstanceMetadataServiceIsNamed() {
        // given
        AzureIdentityCredentials credentials = new AzureIdentityCredentials(name -> null);

        // when
        String described = credentials.describe(identity("Endpoint=https://h;AuthType=azure"));

        // then
        assertThat(described).contains("default Azure credential chain").contains("IMDS");
    }

    @Test
    void aServicePrincipalIsDescribedWithoutItsSecret() {
        // given
        EntraCredential credential = new AzureIdentityCredentials(name -> null)
                .credential(identity(
                        "Endpoint=https://h;AuthType=azure.app;ClientId=c-2;TenantId=t-2;ClientSecret=cl13nt-s3cret"));

        // when
        String described = credential.describe() + credential;

        // then
        assertThat(described).contains("application c-2 in tenant t-2").doesNotContain("cl13nt-s3cret");
    }

    @Test
    void anUnreadableCertificateIsNamed() {
        // given
        AzureIdentityCredentials credentials = new AzureIdentityCredentials(name -> null);
        EntraIdentity identity =
                identity("Endpoint=https://h;AuthType=azure.app;ClientId=c;TenantId=t;ClientCert=/nonexistent/app.pem");

        // when / then
        assertThatThrownBy(() -> credentials.credential(identity))
                .isInstanceOf(EntraTokenException.class)
                .hasMessageContaining("ClientCert /nonexistent/app.pem");
    }

    @Test
    void theProviderIsFoundOnTheClassPath() {
        // when
        EntraCredential credential = EntraCredential.of(identity("Endpoint=https://h;AuthType=azure.msi"));

        // then
        assertThat(credential.describe()).contains("system-assigned managed identity");
    }
}
