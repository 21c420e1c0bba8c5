package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.dispatcher.support.InProcessDispatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A setting that is out of range, cannot be read, or that nothing reads (a typo) is refused at start:
 * exit 2 with one line naming it, before the database is opened, so nothing is ingested.
 */
class SettingsRefusedIntegrationTests {

    @TempDir
    Path dir;

    private String[] run;

    @BeforeEach
    void inputs() throws Exception {
        Files.writeString(
                dir.resolve("changes.csv"), "user_id,segment,status,timestamp\nu-1,cart,enter,2020-01-10T00:00:00Z\n");
        Files.writeString(dir.resolve("offers.json"), """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "cart-10", "placement": "hero", "priority": 10, "eligibility": "cart",
                             "content": {"title": "10% off"}}]}
                """);
        run = new String[] {
            "run",
            "--emulator",
            "--input=csv:" + dir.resolve("changes.csv"),
            "--offers=" + dir.resolve("offers.json"),
            "--as-of=2020-01-15T00:00:00Z"
        };
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "dispatcher.delivery.max-attempts|0|dispatcher.delivery.max-attempts must be 1..100, got 0",
                "dispatcher.delivery.initial-backoff|0s|dispatcher.delivery.initial-backoff must be > 0",
                "dispatcher.delivery.max-backoff|10ms|dispatcher.delivery.max-backoff must be >= initial-backoff",
                "dispatcher.delivery.chunk-size|0|dispatcher.delivery.chunk-size must be >= 1, got 0",
                "dispatcher.delivery.response-timeout|soon|dispatcher.delivery.response-timeout: 'soon' is not a valid duration",
                "dispatcher.delivery.chunk-sise|10|unknown setting dispatcher.delivery.chunk-sise (did you mean dispatcher.delivery.chunk-size?)",
                "dispatcher.dleivery.max-rate|10|unknown setting dispatcher.dleivery.max-rate (did you mean dispatcher.delivery.max-rate?)",
                "dispatcher.colour|blue|unknown setting dispatcher.colour;",
                "dispatcher.run.lock-lease|1s|dispatcher.run.lock-lease must be >= 3s"
            })
    void aBadSettingIsRefusedBeforeAnyWorkWithExit2AndItsName(String setting, String value, String message) {
        // when
        ChildJvm.Result result = InProcessDispatcher.run(dir, Map.of(), Map.of(setting, value), run);

        // then
        assertThat(result.exitCode()).as(result.text()).isEqualTo(2);
        assertThat(result.output())
                .as(result.text())
                .anySatisfy(line ->
                        assertThat(line).startsWith("error: cannot start: ").contains(message));
        assertThat(dir.resolve("data/dispatcher.mv.db"))
                .as("the database was never opened")
                .doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"dispatcher.delivery.chunkSize|500", "dispatcher.delivery.max_attempts|3"})
    void relaxedSpellingsOfAKnownSettingAreThatSetting(String setting, String value) {
        // when
        ChildJvm.Result result = InProcessDispatcher.run(dir, Map.of(), Map.of(setting, value), run);

        // then
        assertThat(result.exitCode()).as(result.text()).isZero();
    }
}
