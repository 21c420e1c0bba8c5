package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reprocess [--execution=N]}: send unresolved failed sends again. */
@Command(
        name = "reprocess",
        description = {
            "Send the unresolved failed sends again, unchanged (same messageId); those whose offers have all ended"
                    + " are dropped as expired. Each user is checked first as a run checks its targets (consent and"
                    + " suppression in the files read again, forgotten ids): one who may not be sent to any more is"
                    + " not, and the row is resolved withheld. Without --users or --suppress, that file of the run that"
                    + " recorded the failures is read again (of the latest such run when several did). Run it again"
                    + " after a crash to resume."
        })
final class ReprocessSubcommand implements Subcommand {

    @Option(
            names = "--execution",
            paramLabel = "N",
            converter = Converters.ExecutionId.class,
            description = "only those recorded by dispatch execution N")
    @Nullable Long execution;

    @Mixin
    UserFilesOptions userFiles = new UserFilesOptions();

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public void validate(Path workingDirectory) {
        userFiles.users();
        userFiles.suppress();
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        return context.exclusive(() -> context.bean(ReprocessCommand.class)
                .run(execution, userFiles.users, userFiles.suppress, context.out(), context.err()));
    }
}
