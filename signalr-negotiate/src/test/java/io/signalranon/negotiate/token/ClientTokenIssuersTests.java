package io.signalranon.negotiate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.ConnectionString;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where every delivery form of negotiate finds its connection string, and how its client tokens are made (with Entra
 * ID, as one variable says).
 */
class ClientTokenIssuersTests {

    private static final String OWN =
            "Endpoint=https://own.service.signalr.net;AccessKey=OWNKEY0123456789;Version=1.0;";
    private static final String FUNCTIONS =
            "Endpoint=https://functions.service.signalr.net;AccessKey=FUNCTIONSKEY0123456789;Version=1.0;";
    private static final String ENTRA = "Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;";

    @Test
    void signalrConnectionStringComesFirstThenTheOneOfAzureFunctions() {
        // when
        Optional<ConnectionString> both = ClientTokenIssuers.connectionStringFrom(
                Map.of("SIGNALR_CONNECTION_STRING", OWN, "AzureSignalRConnectionString", FUNCTIONS)::get);
        Optional<ConnectionString> functionsOnly = ClientTokenIssuers.connectionStringFrom(
                Map.of("SIGNALR_CONNECTION_STRING", "  ", "AzureSignalRConnectionString", FUNCTIONS)::get);
        Optional<ConnectionString> none = ClientTokenIssuers.connectionStringFrom(Map.<String, String>of()::get);

        // then
        assertThat(both).map(ConnectionString::endpoint).contains(URI.create("https://own.service.signalr.net"));
        assertThat(functionsOnly)
                .map(ConnectionString::endpoint)
                .contains(URI.create("https://functions.service.signalr.net"));
        assertThat(none).isEmpty();
        assertThat(ClientTokenIssuers.fromEnvironment(Map.of("AzureSignalRConnectionString", FUNCTIONS)::get)
                        .issue("offers", "web-1", java.time.Duration.ofMinutes(5))
                        .url())
                .isEqualTo("https://functions.service.signalr.net/client/?hub=offers");
    }

    @Test
    void anInvalidOrMissingConnectionStringNamesTheVariablesButNeverTheKey() {
        // then
        assertThatThrownBy(() -> ClientTokenIssuers.connectionStringFrom(Map.of(
                        "AzureSignalRConnectionString",
                        "Endpoint=https://x.service.signalr.net;AccessKey=SECRETKEY0123456789;AuthType=azure")::get))
                .hasMessageStartingWith("AzureSignalRConnectionString: AccessKey and AuthType exclude each other")
                .hasMessageNotContaining("SECRETKEY0123456789");
        assertThatThrownBy(() -> ClientTokenIssuers.fromEnvironment(Map.<String, String>of()::get))
                .hasMessageStartingWith(
                        "no connection string: set SIGNALR_CONNECTION_STRING or AzureSignalRConnectionString");
    }

    @Test
    void entraIdSignsWithTheTemporaryKeyUnlessGeneratedTokensAreAskedFor() {
        // when
        ClientTokenIssuer byDefault =
                ClientTokenIssuers.fromEnvironment(Map.of("SIGNALR_CONNECTION_STRING", ENTRA)::get);
        ClientTokenIssuer generated = ClientTokenIssuers.fromEnvironment(Map.of(
                "AzureSignalRConnectionString", ENTRA, "SIGNALR_ANON_ENTRA_CLIENT_TOKENS", " Generate-Token ")::get);
        ClientTokenIssuer temporaryKey = ClientTokenIssuers.fromEnvironment(
                Map.of("SIGNALR_CONNECTION_STRING", ENTRA, "SIGNALR_ANON_ENTRA_CLIENT_TOKENS", "temporary-key")::get);
        ClientTokenIssuer accessKey = ClientTokenIssuers.fromEnvironment(
                Map.of("SIGNALR_CONNECTION_STRING", OWN, "SIGNALR_ANON_ENTRA_CLIENT_TOKENS", "generate-token")::get);

        // then
        assertThat(byDefault).isInstanceOf(TemporaryKeyTokenIssuer.class);
        assertThat(generated).isInstanceOf(GeneratedTokenIssuer.class);
        assertThat(temporaryKey).isInstanceOf(TemporaryKeyTokenIssuer.class);
        assertThat(accessKey).isInstanceOf(AccessKeyTokenIssuer.class);
    }

    @Test
    void anUnknownEntraModeNamesTheVariableAndTheKnownValues() {
        assertThatThrownBy(() -> ClientTokenIssuers.fromEnvironment(
                        Map.of("SIGNALR_CONNECTION_STRING", ENTRA, "SIGNALR_ANON_ENTRA_CLIENT_TOKENS", "keyless")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIGNALR_ANON_ENTRA_CLIENT_TOKENS must be temporary-key or generate-token, got 'keyless'");
    }
}
