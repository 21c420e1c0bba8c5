package io.signalranon.dispatcher.cli;

/** What the command line asks for. */
public sealed interface Command {

    /** {@code --help}: print the usage text. */
    record Help() implements Command {
    }

    /** {@code run [options]}. */
    record Run(RunOptions options) implements Command {
    }
}
