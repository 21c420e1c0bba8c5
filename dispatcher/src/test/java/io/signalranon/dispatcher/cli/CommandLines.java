package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Binds and validates command lines in tests, as {@link DispatcherCli} does before it starts anything. */
final class CommandLines {

    private CommandLines() {}

    /** The bound and validated subcommand of {@code args}, relative to {@code workingDirectory}. */
    static Subcommand parse(Path workingDirectory, String... args) {
        DispatcherCommandLine.Invocation invocation = DispatcherCommandLine.parse(args);
        assertThat(invocation).isInstanceOf(DispatcherCommandLine.Execution.class);
        Subcommand subcommand = ((DispatcherCommandLine.Execution) invocation).subcommand();
        subcommand.validate(workingDirectory);
        return subcommand;
    }

    /** The help text that {@code args} print. */
    static String help(String... args) {
        DispatcherCommandLine.Invocation invocation = DispatcherCommandLine.parse(args);
        assertThat(invocation).isInstanceOf(DispatcherCommandLine.Usage.class);
        return ((DispatcherCommandLine.Usage) invocation).text();
    }
}
