package io.signalranon.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The help breaks its lines at whitespace only, so that a file name, an address or a path it prints (such as
 * {@code negotiate.json}, {@code 0.0.0.0} or {@code /api/hubs/{hub}/:generateToken}) can be copied from one
 * line.
 */
class HelpLineBreakTests {

    /** Wide enough that the help does not wrap. */
    private static final int UNWRAPPED = 5_000;

    @Test
    void theHelpPrintsEveryWordWholeOnOneLine() {
        // given
        String help = ((EmulatorCommandLine.Usage) EmulatorCommandLine.parse("--help")).text();
        List<String> words = words(EmulatorCommandLine.help(UNWRAPPED));

        // then
        assertThat(words).contains("negotiate.json", "0.0.0.0", "/api/hubs/{hub}/:generateToken;");
        assertThat(missing(words, words(help)))
                .as("words broken across two lines")
                .isEmpty();
        assertThat(missing(words(help), words))
                .as("words printed only at the default width")
                .isEmpty();
    }

    private static List<String> words(String text) {
        return List.of(text.strip().split("\\s+"));
    }

    /** The words of {@code expected} that {@code actual} does not have (as many times). */
    private static List<String> missing(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        return missing;
    }
}
