package io.signalranon.dispatcher.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reprocess [--execution=N]}: send unresolved failed sends again. */
@Command(
        name = "reprocess",
        description = {
            "Send the unresolved failed sends again, unchanged (same messageId); those whose offers have all ended"
                    + " are dropped as expired. Run it again after a crash to resume."
        })
final class ReprocessSubcommand implements Subcommand {

    @Option(
            names = "--execution",
            paramLabel = "N",
            converter = Converters.ExecutionId.class,
            description = "only those recorded by dispatch execution N")
    @Nullable Long execution;

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        return context.exclusive(
                () -> context.bean(ReprocessCommand.class).run(execution, context.out(), context.err()));
    }
}
