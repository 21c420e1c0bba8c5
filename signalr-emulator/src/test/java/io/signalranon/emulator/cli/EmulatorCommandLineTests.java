package io.signalranon.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.entra.Role;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.Latency;
import io.signalranon.emulator.limit.ServiceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class EmulatorCommandLineTests {

    /** Every option that takes a value, with a value, as a script would give it. */
    private static final List<List<String>> VALUED = List.of(
            List.of("--host", "0.0.0.0"),
            List.of("--port", "0"),
            List.of("--key", "my-own-key"),
            List.of("--record", "target/accepted.ndjson"),
            List.of("--retain", "5"),
            List.of("--negotiate", "target/signalr-anon/negotiate.json"),
            List.of("--seed", "9"),
            List.of("--fault-429", "0.1"),
            List.of("--fault-429-no-retry-after", "0.05"),
            List.of("--fault-503", "0.02"),
            List.of("--fault-500", "0.01"),
            List.of("--fault-drop", "0.03"),
            List.of("--latency-ms", "20"),
            List.of("--latency-jitter-ms", "5"),
            List.of("--fail-first", "user:with:colons:3:503"),
            List.of("--fail-first", "web-14575006:1:0"),
            List.of("--units", "4"));

    private static final List<String> FLAGS = List.of("--relaxed", "--demo", "--retry-after");

    @Test
    void noOptionsStartTheEmulatorAsMicrosoftsLocalOneListens() {
        // when
        EmulatorOptions options = start();

        // then
        assertThat(options)
                .isEqualTo(new EmulatorOptions(
                        "127.0.0.1",
                        8888,
                        SignalREmulator.DEFAULT_ACCESS_KEY,
                        true,
                        null,
                        100_000,
                        FaultPlan.NONE,
                        null,
                        false,
                        ServiceLimits.NONE,
                        null));
    }

    @Test
    void everyOptionReadsTheSameWithEqualsOrWithASpace() {
        // given
        List<String> attached = new ArrayList<>(FLAGS);
        List<String> separate = new ArrayList<>(FLAGS);
        for (List<String> option : VALUED) {
            attached.add(option.get(0) + "=" + option.get(1));
            separate.addAll(option);
        }

        // when
        EmulatorOptions withEquals = start(attached.toArray(String[]::new));
        EmulatorOptions withSpace = start(separate.toArray(String[]::new));

        // then
        EmulatorOptions expected = new EmulatorOptions(
                "0.0.0.0",
                0,
                "my-own-key",
                false,
                Path.of("target/accepted.ndjson"),
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
                        .failFirst("web-14575006", 1, 0)
                        .build(),
                Path.of("target/signalr-anon/negotiate.json"),
                true,
                ServiceLimits.units(4).withRetryAfter(true),
                null);
        assertThat(withEquals).isEqualTo(expected);
        assertThat(withSpace).isEqualTo(expected);
    }

    @Test
    void theServiceLatencyIsFixedOrAUniformRangeInBothForms() {
        // when
        EmulatorOptions fixed = start("--units=4", "--latency=20");
        EmulatorOptions spread = start("--latency", "5..50", "--retry-after", "--units", "1");

        // then
        assertThat(fixed.limits()).isEqualTo(ServiceLimits.units(4).withLatency(Latency.of(Duration.ofMillis(20))));
        assertThat(spread.limits())
                .isEqualTo(ServiceLimits.units(1)
                        .withRetryAfter(true)
                        .withLatency(new Latency(Duration.ofMillis(5), Duration.ofMillis(50))));
        assertThat(fixed.faultPlan().isNone()).isTrue();
    }

    @Test
    void aZeroLatencyMsStandsBesideTheServiceLatency() {
        // given the benchmarks' script passes --latency-ms=0 whatever else it passes

        // when
        EmulatorOptions options = start("--latency-ms=0", "--latency=20");

        // then
        assertThat(options.limits().latency()).isEqualTo(Latency.of(Duration.ofMillis(20)));
        assertThat(options.faultPlan().latency()).isZero();
    }

    @Test
    void anyEntraOptionTurnsEntraModeOn() {
        // when
        EmulatorOptions plain = start("--port=0");
        EmulatorOptions entra = start("--entra");
        EmulatorOptions keys = start("--entra-keys", "issuer.jwks.json");
        EmulatorOptions role = start("--entra-role=rest-api-owner");
        EmulatorOptions lifetime = start("--entra-token-lifetime", "600");

        // then
        assertThat(plain.entra()).isNull();
        assertThat(entra.entra().role()).isEqualTo(Role.SERVICE_OWNER);
        assertThat(entra.entra().tokenLifetime()).isEqualTo(EntraMode.DEFAULT_TOKEN_LIFETIME);
        assertThat(entra.entra().issuerKeys()).isNull();
        assertThat(keys.entra().issuerKeys()).isEqualTo(Path.of("issuer.jwks.json"));
        assertThat(role.entra().role()).isEqualTo(Role.REST_API_OWNER);
        assertThat(lifetime.entra().tokenLifetime()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void anOptionGivenTwiceTakesItsLastValue() {
        // given a test harness puts --port 0 first and may name the port again

        // when
        EmulatorOptions options = start("--port", "0", "--record", "a.ndjson", "--port=9000", "--seed", "-5");

        // then
        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.faultPlan().seed()).isEqualTo(-5);
    }

    @Test
    void numbersMayCarrySpaces() {
        // when
        EmulatorOptions options = start("--port= 8080 ", "--fault-503", " 0.5");

        // then
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.faultPlan().unavailableRate()).isEqualTo(0.5);
    }

    @Test
    void helpIsGeneratedFromTheOptionsWithTheirDefaults() {
        // when
        EmulatorCommandLine.Invocation help = EmulatorCommandLine.parse("--help");
        EmulatorCommandLine.Invocation shortHelp = EmulatorCommandLine.parse("--port=0", "-h");

        // then
        assertThat(help).isInstanceOf(EmulatorCommandLine.Usage.class);
        assertThat(shortHelp).isEqualTo(help);
        String text = ((EmulatorCommandLine.Usage) help).text();
        assertThat(text.replaceAll("\\s+", " "))
                .startsWith("Usage: java -jar signalr-emulator.jar [OPTIONS]")
                .contains("--port=N", "(default: 8888, as Microsoft's local emulator)")
                .contains("--host=H", "(default: 127.0.0.1)")
                .contains("--retain=N", "(default: 100000)")
                .contains("--entra-role=ROLE", "(default: service-owner; implies --entra)")
                .contains("--entra-token-lifetime=S", "(default: " + EntraMode.DEFAULT_TOKEN_LIFETIME.toSeconds())
                .contains("--fault-429=R", "--fault-drop=R", "--fail-first=USER:N:S", "--relaxed")
                .contains("--latency=MS|MIN..MAX", "--latency-ms=N", "--latency-jitter-ms=N")
                .contains("--name=value or --name value");
        assertThat(text.lines().filter(line -> line.length() > 100)).isEmpty();
    }

    @Test
    void helpTellsTheTwoLatenciesApart() {
        // when
        String text = EmulatorCommandLine.help().replaceAll("\\s+", " ");

        // then
        assertThat(text)
                .contains("--latency=MS|MIN..MAX models the service's answer time: every REST call (throttled ones"
                        + " included) is answered MS ms after it arrives, or after a time drawn uniformly from"
                        + " MIN..MAX ms for each call; the request thread is free meanwhile")
                .contains("--latency-ms=N a fault: every REST request sleeps a fixed N ms on its request thread")
                .contains("not with --latency-ms")
                .contains("not with --latency)");
        assertThat(text.indexOf("--latency=MS|MIN..MAX"))
                .isGreaterThan(text.indexOf("The service's limits"))
                .isLessThan(text.indexOf("Fault injection"));
        assertThat(text.indexOf("--latency-ms=N")).isGreaterThan(text.indexOf("Fault injection"));
    }

    @Test
    void everyOptionIsShownInExactlyOneSectionOfTheHelp() {
        // given
        List<String> declared = new CommandLine(new EmulatorCommand())
                .getCommandSpec().options().stream()
                        .map(OptionSpec::longestName)
                        .toList();

        // when
        List<String> shown = EmulatorCommandLine.SECTIONS.stream()
                .map(EmulatorCommandLine.Section::options)
                .flatMap(Collection::stream)
                .toList();

        // then
        assertThat(shown).containsExactlyInAnyOrderElementsOf(declared);
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("--verbose"), "unknown option --verbose (see --help)"),
                Arguments.of(List.of("--verbose=1"), "unknown option --verbose (see --help)"),
                Arguments.of(List.of("-x"), "unknown option -x (see --help)"),
                Arguments.of(
                        List.of("8080"), "unexpected argument '8080': the emulator takes options only (see --help)"),
                Arguments.of(List.of("--port"), "--port needs a value: --port=N"),
                Arguments.of(List.of("--port="), "--port needs a value: --port=N"),
                Arguments.of(List.of("--key", "--relaxed"), "--key needs a value: --key=K"),
                Arguments.of(List.of("--port=x"), "--port must be a whole number from 0 to 65535, got 'x'"),
                Arguments.of(List.of("--port", "70000"), "--port must be a whole number from 0 to 65535, got '70000'"),
                Arguments.of(List.of("--retain=-1"), "--retain must be a whole number, 0 or more, got '-1'"),
                Arguments.of(List.of("--units", "1.5"), "--units must be a whole number, 0 or more, got '1.5'"),
                Arguments.of(List.of("--seed=abc"), "--seed must be a whole number, got 'abc'"),
                Arguments.of(List.of("--fault-503=-0.1"), "--fault-503 must be a number from 0 to 1, got '-0.1'"),
                Arguments.of(List.of("--fault-429", "2"), "--fault-429 must be a number from 0 to 1, got '2'"),
                Arguments.of(
                        List.of("--fault-500=0.6", "--fault-503=0.6"),
                        "the --fault-* rates must add up to at most 1, got 1.2"),
                Arguments.of(
                        List.of("--latency-ms=400000"),
                        "--latency-ms must be a whole number of milliseconds from 0 to 300000, got '400000'"),
                Arguments.of(
                        List.of("--latency-jitter-ms", "-1"),
                        "--latency-jitter-ms must be a whole number of milliseconds from 0 to 300000, got '-1'"),
                Arguments.of(
                        List.of("--latency=50..5"),
                        "--latency must be MS or MIN..MAX in milliseconds, from 0 to 300000 with MIN <= MAX, got"
                                + " '50..5'"),
                Arguments.of(
                        List.of("--latency", "fast"),
                        "--latency must be MS or MIN..MAX in milliseconds, from 0 to 300000 with MIN <= MAX, got"
                                + " 'fast'"),
                Arguments.of(
                        List.of("--latency=0..400000"),
                        "--latency must be MS or MIN..MAX in milliseconds, from 0 to 300000 with MIN <= MAX, got"
                                + " '0..400000'"),
                Arguments.of(
                        List.of("--latency=20", "--latency-ms=5"),
                        "--latency and --latency-ms/--latency-jitter-ms both delay every REST call: give --latency"
                                + " for the service's answer time (threads free while waiting) or --latency-ms for a"
                                + " fault that sleeps on the request thread, not both"),
                Arguments.of(
                        List.of("--latency-jitter-ms=5", "--latency", "5..10"),
                        "--latency and --latency-ms/--latency-jitter-ms both delay every REST call: give --latency"
                                + " for the service's answer time (threads free while waiting) or --latency-ms for a"
                                + " fault that sleeps on the request thread, not both"),
                Arguments.of(
                        List.of("--fail-first=u:1"),
                        "--fail-first must be USER:N:STATUS with N at least 1 and STATUS 0 (drop the connection) or"
                                + " from 400 to 599, got 'u:1'"),
                Arguments.of(
                        List.of("--fail-first", "u:0:503"),
                        "--fail-first must be USER:N:STATUS with N at least 1 and STATUS 0 (drop the connection) or"
                                + " from 400 to 599, got 'u:0:503'"),
                Arguments.of(
                        List.of("--fail-first=u:1:200"),
                        "--fail-first must be USER:N:STATUS with N at least 1 and STATUS 0 (drop the connection) or"
                                + " from 400 to 599, got 'u:1:200'"),
                Arguments.of(
                        List.of("--fail-first=u:1:503", "--fail-first=u:2:0"), "--fail-first names user 'u' twice"),
                Arguments.of(
                        List.of("--entra-role", "boss"),
                        "--entra-role must be one of service-owner, rest-api-owner, app-server, got 'boss'"),
                Arguments.of(
                        List.of("--entra-token-lifetime=0"),
                        "--entra-token-lifetime must be a whole number of seconds, at least 1, got '0'"),
                Arguments.of(List.of("--record="), "--record needs a value: --record=FILE"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineNamingTheProblem(List<String> args, String message) {
        // when / then
        assertThatThrownBy(() -> EmulatorCommandLine.parse(args.toArray(String[]::new)))
                .isInstanceOf(UsageException.class)
                .hasMessage(message)
                .hasNoCause();
    }

    @Test
    void theOptionsNeverShowTheKey() {
        // when
        String text = start("--key", "my-secret-key").toString();

        // then
        assertThat(text).doesNotContain("my-secret-key").contains("accessKey=***");
    }

    @Test
    void aNegotiateFileWithAnonymousTokensOfMoreThanADayStopsTheStart(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(
                dir.resolve("negotiate.json"), "{\"hub\": \"offers\", \"tokenLifetimeSeconds\": 2592000}");
        EmulatorOptions options = start("--negotiate=" + file, "--port=0");

        // when / then: what main reports on one line before it exits 2, with nothing started
        assertThatThrownBy(options::emulator)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not a valid negotiate.json: tokenLifetimeSeconds must be from 1"
                        + " to 86400 (24 hours) for anonymous visitors, got 2592000");
    }

    @Test
    void aNegotiateFileWithAnAccessKeyStopsTheStartWithoutShowingIt(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(
                dir.resolve("negotiate.json"), "{\"hub\": \"offers\", \"accessKey\": \"bm90LWEtcmVhbC1rZXk=\"}");
        EmulatorOptions options = start("--negotiate=" + file, "--port=0");

        // when / then: what main reports on one line before it exits 2, with nothing started
        assertThatThrownBy(options::emulator)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not a valid negotiate.json: unknown member 'accessKey': keys never"
                        + " belong in negotiate.json, they come only from the environment (SIGNALR_ANON_VISITOR_KEYS,"
                        + " SIGNALR_CONNECTION_STRING)")
                .hasMessageNotContaining("bm90LWEtcmVhbC1rZXk")
                .hasMessageNotContaining("\n");
    }

    private static EmulatorOptions start(String... args) {
        EmulatorCommandLine.Invocation invocation = EmulatorCommandLine.parse(args);
        assertThat(invocation).isInstanceOf(EmulatorCommandLine.Start.class);
        return ((EmulatorCommandLine.Start) invocation).options();
    }
}
