package io.signalranon.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.ConnectionString;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SignalREmulatorTests {

    @Test
    void connectionStringNamesLocalhostThePortAndTheKey() {
        // given
        try (SignalREmulator emulator =
                SignalREmulator.builder().port(0).accessKey("k=").build().start()) {
            // when
            ConnectionString parsed = ConnectionString.parse(emulator.connectionString());

            // then
            assertThat(emulator.port()).isPositive();
            assertThat(emulator.connectionString())
                    .isEqualTo("Endpoint=http://localhost;Port=" + emulator.port() + ";AccessKey=k=;Version=1.0;");
            assertThat(parsed.serverEndpoint()).isEqualTo(URI.create("http://localhost:" + emulator.port()));
            assertThat(parsed.accessKey()).isEqualTo("k=");
        }
    }

    @Test
    void theDefaultsAreThoseOfMicrosoftsEmulator() {
        // when / then
        assertThat(SignalREmulator.DEFAULT_PORT).isEqualTo(8888);
        assertThat(ConnectionString.EMULATOR_DEFAULT).contains("AccessKey=" + SignalREmulator.DEFAULT_ACCESS_KEY + ";");
    }

    @Test
    void aBusyPortFailsToStartWithAClearMessage() {
        // given
        try (SignalREmulator first = SignalREmulator.builder().port(0).build().start()) {
            SignalREmulator second =
                    SignalREmulator.builder().port(first.port()).build();

            // when / then
            assertThatThrownBy(second::start).hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
            second.close();
        }
    }

    @Test
    void invalidSettingsNameTheBrokenRule() {
        // when / then
        assertThatThrownBy(() -> SignalREmulator.builder().port(70_000).build())
                .hasMessageContaining("port must be from 0 to 65535");
        assertThatThrownBy(() -> SignalREmulator.builder().accessKey("").build())
                .hasMessageContaining("access key must not be empty");
        assertThatThrownBy(() -> SignalREmulator.builder().accessKey("a;b").build())
                .hasMessageContaining("';'");
        assertThatThrownBy(() -> SignalREmulator.builder().retain(-1).build()).hasMessageContaining("retain");
        assertThatThrownBy(() -> SignalREmulator.builder().maxThreads(2).build())
                .hasMessageContaining("maxThreads");
    }
}
