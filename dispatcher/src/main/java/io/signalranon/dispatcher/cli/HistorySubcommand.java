package io.signalranon.dispatcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code history [--last=N] [--json]}: recent executions of every job, newest first. */
@Command(
        name = "history",
        description = {
            "The latest executions of every job, newest first: id, job, start, duration, status, exit code,"
                    + " messages delivered and failed."
        })
final class HistorySubcommand implements Subcommand {

    @Option(
            names = "--last",
            paramLabel = "N",
            defaultValue = "20",
            converter = Converters.Last.class,
            description = "how many executions (default: ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--json", arity = "0", description = "one JSON object per line")
    boolean json;

    @Override
    public ExitCode execute(CommandContext context) {
        return context.bean(HistoryCommand.class).run(last, json, context.out());
    }
}
