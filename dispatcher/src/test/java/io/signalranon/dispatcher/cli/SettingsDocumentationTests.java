package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's settings tables and the help text give the defaults of the configuration metadata, which the
 * build generates from the {@code @ConfigurationProperties} records.
 */
class SettingsDocumentationTests {

    private static final Path README = Path.of("../README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(dispatcher\\.[a-z.-]+)` \\| ([^|]*) \\|");

    private final Map<String, SettingsMetadata.Setting> metadata = SettingsMetadata.dispatcherSettings().stream()
            .collect(Collectors.toMap(SettingsMetadata.Setting::name, Function.identity()));

    @Test
    void theMetadataHasTheDefaultsOfTheSettingsRecords() {
        assertThat(metadata.get("dispatcher.delivery.chunk-size").defaultValue())
                .isEqualTo("2000");
        assertThat(metadata.get("dispatcher.delivery.max-throttled-wait").defaultValue())
                .isEqualTo("2m");
        assertThat(metadata.get("dispatcher.delivery.concurrency").shownDefault())
                .isEqualTo("unset");
    }

    @Test
    void everySettingTheReadmeNamesExistsWithTheDefaultItGives() throws IOException {
        // given
        List<Matcher> rows = settingsRows(Files.readAllLines(README));

        // then
        assertThat(rows).hasSizeGreaterThan(20);
        for (Matcher row : rows) {
            String name = row.group(1);
            String cell = row.group(2).trim();
            assertThat(metadata).as("the README names " + name).containsKey(name);
            SettingsMetadata.Setting setting = metadata.get(name);
            if (cell.startsWith("`")) {
                assertThat(cell.substring(1, cell.indexOf('`', 1)))
                        .as("the README's default of " + name)
                        .isEqualTo(setting.defaultValue());
            } else {
                assertThat(setting.shownDefault())
                        .as(name + " has a default, which the README does not give: " + cell)
                        .isEqualTo("unset");
            }
        }
    }

    @Test
    void everySettingHasARowInTheReadmesSettingsTables() throws IOException {
        // given
        List<String> documented = settingsRows(Files.readAllLines(README)).stream()
                .map(row -> row.group(1))
                .toList();

        // then: the connection string's row starts with its environment variables
        assertThat(documented)
                .containsAll(metadata.keySet().stream()
                        .filter(name -> !name.equals("dispatcher.signalr.connection-string"))
                        .toList());
    }

    /** The rows of the README's tables headed {@code | setting | default | meaning |} that name a setting. */
    private static List<Matcher> settingsRows(List<String> lines) {
        List<Matcher> rows = new ArrayList<>();
        boolean inSettings = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inSettings = false;
            } else if (line.startsWith("| setting | default |")) {
                inSettings = true;
            } else if (inSettings) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    @Test
    void theHelpListsEverySettingWithItsDefault() {
        // when
        String help = CommandLines.help("--help");

        // then
        assertThat(metadata).hasSizeGreaterThan(20);
        for (SettingsMetadata.Setting setting : metadata.values()) {
            assertThat(help).contains("  " + setting.name() + " (" + setting.shownDefault() + ")\n");
        }
    }
}
