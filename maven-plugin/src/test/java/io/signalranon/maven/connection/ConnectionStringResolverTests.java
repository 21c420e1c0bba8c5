package io.signalranon.maven.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.maven.negotiate.InvalidSettingException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionStringResolverTests {

    private static final String PROPERTY =
            "Endpoint=https://property.service.signalr.net;AccessKey=property-key;Version=1.0;";
    private static final String SERVER =
            "Endpoint=https://server.service.signalr.net;AccessKey=server-key;Version=1.0;";
    private static final String ENV = "Endpoint=https://env.service.signalr.net;AccessKey=env-key;Version=1.0;";

    private final ConnectionStringResolver resolver = new ConnectionStringResolver(
            id -> Optional.ofNullable(Map.of("signalr", SERVER, "empty", "").get(id)),
            name -> Optional.ofNullable(
                    Map.of("AzureSignalRConnectionString", ENV, "BLANK", "  ").get(name)));

    @Test
    void thePropertyWinsOverTheServerAndTheEnvironment() {
        // when
        ResolvedConnection resolved = resolver.resolve(PROPERTY, "signalr", "AzureSignalRConnectionString");

        // then
        assertThat(resolved.connectionString().endpoint())
                .isEqualTo(URI.create("https://property.service.signalr.net"));
        assertThat(resolved.source()).isEqualTo("property signalr-anon.connectionString");
        assertThat(resolved.emulatorDefault()).isFalse();
    }

    @Test
    void theServerWinsOverTheEnvironment() {
        // when
        ResolvedConnection resolved = resolver.resolve(null, "signalr", "AzureSignalRConnectionString");

        // then
        assertThat(resolved.connectionString().accessKey()).isEqualTo("server-key");
        assertThat(resolved.source()).isEqualTo("settings.xml server 'signalr'");
    }

    @Test
    void theEnvironmentVariableIsUsedWhenNothingElseIsSet() {
        // when
        ResolvedConnection resolved = resolver.resolve(" ", null, "AzureSignalRConnectionString");

        // then
        assertThat(resolved.connectionString().accessKey()).isEqualTo("env-key");
        assertThat(resolved.source()).isEqualTo("environment variable AzureSignalRConnectionString");
    }

    @Test
    void withNothingSetTheEmulatorsConnectionStringIsUsedAndFlagged() {
        // when
        ResolvedConnection resolved = resolver.resolve(null, null, "BLANK");

        // then
        assertThat(resolved.emulatorDefault()).isTrue();
        assertThat(resolved.connectionString().clientEndpoint()).isEqualTo(URI.create("http://localhost:8888"));
    }

    @Test
    void anUnknownServerOrAServerWithoutPasswordIsAnError() {
        assertThatThrownBy(() -> resolver.resolve(null, "missing", null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("settings.xml server 'missing', which is not defined");
        assertThatThrownBy(() -> resolver.resolve(null, "empty", null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("has no password");
    }

    @Test
    void anInvalidConnectionStringNamesItsSourceAndTheRuleButNotTheKey() {
        // given
        String invalid = "Endpoint=ftp://bad.example;AccessKey=do-not-print-me;Version=1.0;";

        // when / then
        assertThatThrownBy(() -> resolver.resolve(invalid, null, null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid connection string from property signalr-anon.connectionString:"
                        + " Endpoint must be an absolute http or https URL")
                .hasMessageContaining("fix the value of signalr-anon.connectionString")
                .hasMessageNotContaining("do-not-print-me");
    }

    @Test
    void aKeyQuotedInsideAnotherEntryIsMasked() {
        // given: a missing ';' makes the key part of the endpoint value, which the parser quotes
        String invalid = "Endpoint=https://x.service.signalr.net AccessKey=do-not-print-me;Version=1.0;";

        // when / then
        assertThatThrownBy(() -> resolver.resolve(invalid, null, null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageNotContaining("do-not-print-me");
    }
}
