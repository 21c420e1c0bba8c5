package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of purge. */
class PurgeCommandLineTests {

    @TempDir
    Path dir;

    private PurgeCommand.Request parse(String... args) {
        return ((PurgeSubcommand) CommandLines.parse(dir, args)).request();
    }

    @Test
    void purgeDefaultsTo90DaysAndTheSampleCatalogWhenPresent() throws IOException {
        // given
        Path sampleOffers = Files.createDirectories(dir.resolve("sample-data")).resolve("offers.json");
        Files.writeString(sampleOffers, "{}");
        // when
        PurgeCommand.Request purge = parse("purge");
        // then
        assertThat(purge).isEqualTo(new PurgeCommand.Request(Duration.ofDays(90), sampleOffers, false));
    }

    @Test
    void purgeTakesAnAgeACatalogAndADryRun() throws IOException {
        // given
        Path offers = Files.writeString(dir.resolve("offers.json"), "{}");
        // when
        PurgeCommand.Request purge = parse("purge", "--older-than=PT12H", "--dry-run", "--offers=" + offers);
        PurgeCommand.Request withoutCatalog = parse("purge", "--older-than=P30D");
        // then
        assertThat(purge).isEqualTo(new PurgeCommand.Request(Duration.ofHours(12), offers, true));
        assertThat(withoutCatalog).isEqualTo(new PurgeCommand.Request(Duration.ofDays(30), null, false));
    }

    @Test
    void purgeRejectsABadAgeAnUnknownOptionAndAMissingCatalog() {
        assertThatThrownBy(() -> parse("purge", "--older-than=90 days"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--older-than must be a positive ISO-8601 duration such as P90D or PT12H: 90 days");
        assertThatThrownBy(() -> parse("purge", "--older-than=PT0S"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--older-than must be a positive");
        assertThatThrownBy(() -> parse("purge", "--all"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--all'");
        assertThatThrownBy(() -> parse("purge", "--offers=missing.json"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--offers: no readable file missing.json");
    }

    @Test
    void purgeHasItsOwnHelp() {
        assertThat(CommandLines.help("purge", "--help"))
                .startsWith("Usage: java -jar dispatcher.jar purge [--older-than=DURATION]")
                .contains("default: P90D");
        assertThat(CommandLines.help("--help")).contains("dispatcher.schedule.purge-older-than");
    }
}
