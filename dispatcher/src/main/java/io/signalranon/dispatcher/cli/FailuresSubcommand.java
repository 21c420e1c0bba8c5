package io.signalranon.dispatcher.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code failures [--execution=N] [--json] [--show-message]}: list unresolved failed sends. */
@Command(
        name = "failures",
        description = {"List the failed sends not resolved yet: user, status, error code, attempts, time."})
final class FailuresSubcommand implements Subcommand {

    @Option(
            names = "--execution",
            paramLabel = "N",
            converter = Converters.ExecutionId.class,
            description = "only those recorded by dispatch execution N")
    @Nullable Long execution;

    @Option(names = "--json", arity = "0", description = "one JSON object per line")
    boolean json;

    @Option(names = "--show-message", arity = "0", description = "include the message (user data)")
    boolean showMessage;

    @Override
    public ExitCode execute(CommandContext context) {
        return context.bean(FailuresCommand.class).run(execution, json, showMessage, context.out());
    }
}
