package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every help text breaks its lines at whitespace only, so that a setting or file name it prints (such as
 * {@code dispatcher.purge.memberships-left-after} or {@code <execution id>.json}) can be copied from one line.
 */
class HelpLineBreakTests {

    /** Wide enough that no help text wraps. */
    private static final int UNWRAPPED = 5_000;

    /** A word with a dot inside it: a setting name, a file name. */
    private static final Pattern DOTTED = Pattern.compile("[^.]+\\.[^.].*");

    @Test
    void everyCommandsHelpPrintsEveryDottedNameWholeOnOneLine() {
        // given
        CommandLine unwrapped = DispatcherCommandLine.commandLine();
        unwrapped.setUsageHelpWidth(UNWRAPPED);
        List<CommandLine> subcommands =
                unwrapped.getSubcommands().values().stream().distinct().toList();

        // when / then
        List<String> names = assertWordsWhole("--help", CommandLines.help("--help"), unwrapped.getUsageMessage());
        assertThat(names)
                .contains(
                        "id>.json,",
                        "management.server.address,",
                        "dispatcher.purge.memberships-left-after",
                        "dispatcher.delivery.concurrency");
        assertThat(subcommands).hasSizeGreaterThan(5);
        for (CommandLine subcommand : subcommands) {
            String name = subcommand.getCommandName();
            assertWordsWhole(name + " --help", CommandLines.help(name, "--help"), subcommand.getUsageMessage());
        }
    }

    /**
     * Asserts that {@code help} prints the words of the same help laid out {@code unwrapped}, each whole on one
     * line: it breaks lines at whitespace only.
     *
     * @return the dotted names among those words
     */
    private static List<String> assertWordsWhole(String command, String help, String unwrapped) {
        List<String> words = words(unwrapped);
        List<String> names = words.stream().filter(DOTTED.asMatchPredicate()).toList();
        assertThat(names).as("the dotted names of %s", command).isNotEmpty();
        assertThat(missing(words, words(help)))
                .as("words that %s breaks across two lines", command)
                .isEmpty();
        assertThat(missing(words(help), words))
                .as("words that only %s prints", command)
                .isEmpty();
        return names;
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
