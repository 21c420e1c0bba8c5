package io.signalranon.dispatcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The default job repository, the H2 file {@code ./data/dispatcher}. Commands that only look at past runs
 * ({@code failures}, {@code history}, {@code restart}, {@code reprocess}, {@code purge}) must not create an empty one in a directory
 * without runs and then report "all clear".
 */
final class DefaultJobRepository {

    static final String MISSING =
            "no job repository at ./data/dispatcher — run from the directory of your runs or set spring.datasource.url";
    private static final String URL_PROPERTY = "spring.datasource.url";

    private DefaultJobRepository() {}

    /**
     * True when the command reads past runs, the data source is the default one (no
     * {@code spring.datasource.url} given as an option, a system property or an environment variable) and its
     * file does not exist in {@code workingDirectory}.
     */
    static boolean missingFor(
            Command command, String[] settings, Map<String, String> environment, Path workingDirectory) {
        boolean readsPastRuns = command instanceof Command.Failures
                || command instanceof Command.History
                || command instanceof Command.Restart
                || command instanceof Command.Reprocess
                || command instanceof Command.Purge;
        boolean urlGiven = Arrays.stream(settings).anyMatch(arg -> arg.startsWith("--" + URL_PROPERTY + "="))
                || System.getProperty(URL_PROPERTY) != null
                || environment.containsKey("SPRING_DATASOURCE_URL");
        return readsPastRuns
                && !urlGiven
                && !Files.exists(workingDirectory.resolve("data").resolve("dispatcher.mv.db"));
    }
}
