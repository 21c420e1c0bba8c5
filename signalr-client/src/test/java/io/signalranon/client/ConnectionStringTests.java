package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionStringTests {

    private static final String SECRET = "S3cr3tKeyValue0123456789==";

    static List<JsonNode> valid() {
        return Vectors.section("valid");
    }

    static List<JsonNode> invalid() {
        return Vectors.section("invalid");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesEveryValidVector(JsonNode vector) {
        // given
        String input = vector.get("input").asText();

        // when
        ConnectionString parsed = ConnectionString.parse(input);

        // then
        assertThat(parsed.endpoint()).hasToString(vector.get("endpoint").asText());
        assertThat(parsed.serverEndpoint())
                .hasToString(vector.get("serverEndpoint").asText());
        assertThat(parsed.clientEndpoint())
                .hasToString(vector.get("clientEndpoint").asText());
        assertThat(parsed.accessKey()).isEqualTo(vector.get("accessKey").asText());
        assertThat(parsed.toString())
                .doesNotContain("AccessKey=" + vector.get("accessKey").asText());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsEveryInvalidVectorNamingTheRule(JsonNode vector) {
        // given
        String input = vector.get("input").asText();

        // when
        Throwable thrown = catchThrowable(() -> ConnectionString.parse(input));

        // then
        assertThat(thrown)
                .isInstanceOf(InvalidConnectionStringException.class)
                .hasMessageContaining(vector.get("errorMentions").asText());
    }

    @Test
    void keysAreCaseInsensitiveAndValuesKeepTheirCase() {
        // when
        ConnectionString parsed =
                ConnectionString.parse("ENDPOINT=https://X.example.com;aCcEsSkEy=MiXeD;VERSION=1.0;pOrT=9443");

        // then
        assertThat(parsed.endpoint()).isEqualTo(URI.create("https://X.example.com:9443"));
        assertThat(parsed.accessKey()).isEqualTo("MiXeD");
    }

    @Test
    void keepsEveryEqualsSignOfBase64Padding() {
        // when
        ConnectionString parsed = ConnectionString.parse("Endpoint=https://x.example.com;AccessKey=ab+/cd==;");

        // then
        assertThat(parsed.accessKey()).isEqualTo("ab+/cd==");
    }

    @Test
    void portReplacesTheEndpointPortAndDefaultPortsAreDropped() {
        // when
        ConnectionString replaced = ConnectionString.parse("Endpoint=http://h:1234;AccessKey=K;Port=8080");
        ConnectionString defaulted = ConnectionString.parse("Endpoint=https://h:443/;AccessKey=K");

        // then
        assertThat(replaced.endpoint()).isEqualTo(URI.create("http://h:8080"));
        assertThat(defaulted.endpoint()).isEqualTo(URI.create("https://h"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0", "65536", "70000", "99999999999", ""})
    void rejectsBadPorts(String port) {
        // when / then
        assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://h;AccessKey=K;Port=" + port))
                .isInstanceOf(InvalidConnectionStringException.class)
                .hasMessageContaining("Port");
    }

    @Test
    void requiresTheAccessKey() {
        // when / then
        assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://h;AccessKey=;Version=1.0"))
                .isInstanceOf(InvalidConnectionStringException.class)
                .hasMessageContaining("AccessKey is required");
    }

    @Test
    void rejectsADuplicateKeyWhateverItsCaseWithoutShowingValues() {
        // when
        Throwable thrown = catchThrowable(
                () -> ConnectionString.parse("Endpoint=https://h;AccessKey=" + SECRET + ";ACCESSKEY=" + SECRET + "x"));

        // then
        assertThat(thrown)
                .isInstanceOf(InvalidConnectionStringException.class)
                .hasMessageContaining("duplicate key AccessKey")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void readsEveryEntraAuthType() {
        // when
        ConnectionString defaulted = ConnectionString.parse("Endpoint=https://h;AuthType=azure;Version=1.0");
        ConnectionString system = ConnectionString.parse("Endpoint=https://h;AuthType=AZURE.MSI;Version=1.0");
        ConnectionString user = ConnectionString.parse("Endpoint=https://h;AuthType=azure.msi;ClientId=c1");
        ConnectionString app = ConnectionString.parse(
                "Endpoint=https://h;AuthType=azure.app;ClientId=c2;TenantId=t2;ClientSecret=" + SECRET);
        ConnectionString cert = ConnectionString.parse(
                "Endpoint=https://h;AuthType=azure.app;ClientId=c3;TenantId=t3;ClientCert=/k.pem");

        // then
        assertThat(defaulted.entra().authType()).isEqualTo(EntraIdentity.AuthType.DEFAULT);
        assertThat(defaulted.accessKey()).isNull();
        assertThat(system.entra())
                .isEqualTo(new EntraIdentity(EntraIdentity.AuthType.MANAGED_IDENTITY, null, null, null, null));
        assertThat(user.entra().clientId()).isEqualTo("c1");
        assertThat(app.entra())
                .isEqualTo(new EntraIdentity(EntraIdentity.AuthType.APPLICATION, "c2", "t2", SECRET, null));
        assertThat(cert.entra().clientCert()).isEqualTo("/k.pem");
        assertThat(app.usesEntra()).isTrue();
    }

    @Test
    void theLegacyAadIsAnApplicationWithATenantElseAManagedIdentity() {
        // when
        EntraIdentity app = ConnectionString.parse(
                        "Endpoint=https://h;AuthType=aad;ClientId=c;TenantId=t;ClientSecret=" + SECRET)
                .entra();
        EntraIdentity msi = ConnectionString.parse("Endpoint=https://h;AuthType=aad;ClientId=c")
                .entra();

        // then
        assertThat(app.authType()).isEqualTo(EntraIdentity.AuthType.APPLICATION);
        assertThat(msi.authType()).isEqualTo(EntraIdentity.AuthType.MANAGED_IDENTITY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Endpoint=https://h;AuthType=kerberos | AuthType must be azure, azure.msi or azure.app",
                "Endpoint=https://h;AuthType=azure.app;TenantId=t;ClientSecret=" + SECRET + " | needs ClientId",
                "Endpoint=https://h;AuthType=azure.app;ClientId=c;ClientSecret=" + SECRET + " | needs TenantId",
                "Endpoint=https://h;AuthType=azure.app;ClientId=c;TenantId=t | exactly one of ClientSecret and ClientCert",
                "Endpoint=https://h;AuthType=azure.app;ClientId=c;TenantId=t;ClientSecret=" + SECRET
                        + ";ClientCert=/k.pem | exactly one of ClientSecret and ClientCert",
                "Endpoint=https://h;AuthType=azure.msi;ClientSecret=" + SECRET
                        + " | ClientSecret and ClientCert belong",
                "Endpoint=https://h;AuthType=azure.msi;TenantId=t | TenantId belongs to AuthType=azure.app",
                "Endpoint=https://h;AccessKey=" + SECRET
                        + ";AuthType=azure | AccessKey and AuthType exclude each other",
                "Endpoint=https://h;ClientSecret=" + SECRET + " | ClientSecret needs AuthType=azure.app",
                "Endpoint=https://h;AuthType=azure.app;ClientId=c;TenantId=t;ClientSecret= | ClientSecret must not be empty",
                "Endpoint=https://h;AuthType=azure.msi " + SECRET + " | AuthType must be",
            })
    void rejectsBadEntraStringsNamingTheSettingNeverTheSecret(String input, String mentions) {
        // when
        Throwable thrown = catchThrowable(() -> ConnectionString.parse(input));

        // then
        assertThat(thrown).isInstanceOf(InvalidConnectionStringException.class).hasMessageContaining(mentions);
        assertThat(thrown.getMessage()).doesNotContain(SECRET).doesNotContain("S3cr3t");
    }

    @Test
    void toStringMasksTheClientSecret() {
        // given
        ConnectionString parsed = ConnectionString.parse(
                "Endpoint=https://h;AuthType=azure.app;ClientId=c;TenantId=t;ClientSecret=" + SECRET);

        // when
        String text = parsed.toString() + parsed.entra() + parsed.entra().describe();

        // then
        assertThat(text).doesNotContain(SECRET).contains("ClientSecret=***").contains("AuthType=azure.app");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Endpoint=https://h AccessKey=" + SECRET,
                "Endpoint=https://h,AccessKey=" + SECRET,
                "Endpoint=https://h;Port=8888 AccessKey=" + SECRET,
                "Endpoint=https://h;AccessKey=K;Version=1.0 AccessKey=" + SECRET,
                "Endpoint=https://h;AccessKey=" + SECRET + ";Port=x",
                "Endpoint=https://h;AccessKey=" + SECRET + ";Version=2.0",
                "Endpoint=https://h;AccessKey=" + SECRET + ";AccessKey=" + SECRET,
                "Endpoint=https://h;" + SECRET,
            })
    void neverShowsTheKeyInErrors(String input) {
        // when
        Throwable thrown = catchThrowable(() -> ConnectionString.parse(input));

        // then
        assertThat(thrown).isInstanceOf(InvalidConnectionStringException.class);
        assertThat(thrown.getMessage()).doesNotContain(SECRET).doesNotContain("S3cr3t");
    }

    @Test
    void toStringMasksTheKey() {
        // given
        ConnectionString parsed = ConnectionString.parse("Endpoint=https://h;AccessKey=" + SECRET);

        // when
        String text = parsed.toString();

        // then
        assertThat(text).doesNotContain(SECRET).contains("AccessKey=***").contains("https://h");
    }

    @Test
    void theEmulatorDefaultPointsAtLocalhost8888() {
        // when
        ConnectionString parsed = ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT);

        // then
        assertThat(parsed.serverEndpoint()).isEqualTo(URI.create("http://localhost:8888"));
        assertThat(parsed.accessKey()).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH");
    }

    @Test
    void theRecordRejectsAnEmptyKey() {
        // given
        URI endpoint = URI.create("https://h");

        // when / then
        assertThatThrownBy(() -> new ConnectionString(endpoint, endpoint, endpoint, ""))
                .hasMessageContaining("AccessKey");
    }
}
