package io.signalranon.dispatcher.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code restart [EXECUTION_ID]}: resume a failed or stopped execution. */
@Command(
        name = "restart",
        description = {
            "Resume a failed or stopped execution of dispatch or reprocess (default: the latest) with its"
                    + " parameters, after its last commit."
        })
final class RestartSubcommand implements Subcommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "EXECUTION_ID",
            converter = Converters.ExecutionId.class,
            description = "the execution (default: the latest failed or stopped one)")
    @Nullable Long executionId;

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        return context.exclusive(
                () -> context.bean(RestartCommand.class).run(executionId, context.out(), context.err()));
    }
}
