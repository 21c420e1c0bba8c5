package io.signalranon.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.Latency;
import io.signalranon.emulator.limit.ServiceLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorOptionsTests {

    @Test
    void defaultsMatchMicrosoftsEmulator() {
        // when
        EmulatorOptions options = EmulatorOptions.parse();

        // then
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8888);
        assertThat(options.accessKey()).isEqualTo(SignalREmulator.DEFAULT_ACCESS_KEY);
        assertThat(options.strict()).isTrue();
        assertThat(options.faultPlan().isNone()).isTrue();
        assertThat(options.help()).isFalse();
    }

    @Test
    void readsEveryOptionInBothForms() {
        // when
        EmulatorOptions options = EmulatorOptions.parse(
                "--host",
                "0.0.0.0",
                "--port=0",
                "--key",
                "k",
                "--relaxed",
                "--record",
                "out.ndjson",
                "--retain=5",
                "--seed=9",
                "--fault-429=0.1",
                "--fault-429-no-retry-after",
                "0.05",
                "--fault-503=0.02",
                "--fault-500=0.01",
                "--fault-drop=0.03",
                "--latency-ms=20",
                "--latency-jitter-ms=5",
                "--fail-first=user:with:colons:3:503",
                "--fail-first=v:1:0",
                "--negotiate",
                "target/signalr-anon/negotiate.json",
                "--demo");

        // then
        assertThat(options)
                .isEqualTo(new EmulatorOptions(
                        false,
                        "0.0.0.0",
                        0,
                        "k",
                        false,
                        Path.of("out.ndjson"),
                        5,
                        FaultPlan.builder()
                                .seed(9)
                                .throttleWithRetryAfter(0.1)
                                .throttle(0.05)
                                .unavailable(0.02)
                                .serverError(0.01)
                                .drop(0.03)
                                .latency(Duration.ofMillis(20))
                                .latencyJitter(Duration.ofMillis(5))
                                .failFirst("user:with:colons", 3, 503)
                                .failFirst("v", 1, 0)
                                .build(),
                        Path.of("target/signalr-anon/negotiate.json"),
                        true,
                        ServiceLimits.NONE,
                        null));
    }

    @Test
    void parsesTheServiceLimits() {
        // when
        EmulatorOptions fixed = EmulatorOptions.parse("--units=4", "--latency=20");
        EmulatorOptions spread = EmulatorOptions.parse("--latency", "5..50", "--retry-after", "--units", "1");

        // then
        assertThat(fixed.limits()).isEqualTo(ServiceLimits.units(4).withLatency(Latency.of(Duration.ofMillis(20))));
        assertThat(spread.limits())
                .isEqualTo(ServiceLimits.units(1)
                        .withRetryAfter(true)
                        .withLatency(new Latency(Duration.ofMillis(5), Duration.ofMillis(50))));
    }

    @Test
    void rejectsALatencyThatIsNotARange() {
        assertThatThrownBy(() -> EmulatorOptions.parse("--latency=50..5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max must be >= its min");
        assertThatThrownBy(() -> EmulatorOptions.parse("--latency=fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MS or MIN..MAX");
    }

    @Test
    void badOptionsNameTheProblem() {
        // when / then
        assertThatThrownBy(() -> EmulatorOptions.parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> EmulatorOptions.parse("--port=x"))
                .hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> EmulatorOptions.parse("--fault-503=-0.1"))
                .hasMessageContaining("--fault-503 must be a number from 0 to 1");
        assertThatThrownBy(() -> EmulatorOptions.parse("--fail-first=u:1")).hasMessageContaining("USER:N:STATUS");
        assertThatThrownBy(() -> EmulatorOptions.parse("--verbose")).hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> EmulatorOptions.parse("--fault-500=0.6", "--fault-503=0.6"))
                .hasMessageContaining("add up");
    }

    @Test
    void toStringMasksTheKey() {
        // when
        String text = EmulatorOptions.parse("--key", "my-secret-key").toString();

        // then
        assertThat(text).doesNotContain("my-secret-key").contains("accessKey=***");
    }

    @Test
    void helpIsAFlag() {
        // when / then
        assertThat(EmulatorOptions.parse("--help").help()).isTrue();
        assertThat(EmulatorOptions.USAGE).contains("--fault-429=R").contains("--fail-first=USER:N:S");
    }
}
