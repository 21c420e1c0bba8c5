package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * One subcommand of {@code java -jar dispatcher.jar}: a picocli {@code @Command} class whose annotated
 * fields are its options. {@link DispatcherCommandLine} binds them, calls {@link #validate}, starts the
 * application and calls {@link #execute}.
 */
interface Subcommand {

    /**
     * Checks what binding cannot (that files exist, that there is sample data to use), before anything
     * starts.
     *
     * @param workingDirectory where relative defaults such as {@code sample-data} are looked for
     * @throws UsageException naming what to change
     */
    default void validate(Path workingDirectory) {}

    /**
     * True when the command only looks at past runs: with the default H2 database it then refuses to run
     * where there is none rather than create an empty one.
     */
    default boolean readsPastRuns() {
        return true;
    }

    /** Spring settings that this command stands for, as {@code --name=value}, added to those given. */
    default List<String> settings() {
        return List.of();
    }

    /** Runs the command in the started application. */
    ExitCode execute(CommandContext context) throws Exception;
}
