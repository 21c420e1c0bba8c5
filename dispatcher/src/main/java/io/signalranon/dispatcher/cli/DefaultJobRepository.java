package io.signalranon.dispatcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The default job repository, the H2 file {@code ./data/dispatcher}. Commands that only look at past runs
 * ({@code failures}, {@code history}, {@code restart}, {@code reprocess}, {@code purge}) must not create an
 * empty one in a directory without runs and then report "all clear".
 */
final class DefaultJobRepository {

    static final String MISSING =
            "no job repository at ./data/dispatcher — run from the directory of your runs or set spring.datasource.url";
    private static final String URL_PROPERTY = "spring.datasource.url";

    private DefaultJobRepository() {}

    /**
     * True when the command reads past runs, the data source is the default one (the environment, with the
     * settings given as options, system properties and environment variables, binds no
     * {@code spring.datasource.url}) and its file does not exist in {@code workingDirectory}.
     */
    static boolean missingFor(Subcommand command, ConfigurableEnvironment environment, Path workingDirectory) {
        return command.readsPastRuns()
                && !Binder.get(environment).bind(URL_PROPERTY, String.class).isBound()
                && !Files.exists(workingDirectory.resolve("data").resolve("dispatcher.mv.db"));
    }
}
