package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run [options]}: ingest, target and dispatch once. */
@Command(
        name = "run",
        description = {
            "Ingest CDP segment exports and user ids into the membership store, then dispatch (with no --input,"
                    + " --users and --offers: the files in ./sample-data). The same command on the same files is"
                    + " the same run: after a failure or a stop it resumes after the last commit; once completed it"
                    + " is not repeated (exit 0)."
        })
final class RunSubcommand implements Subcommand {

    @Mixin
    RunOptionsMixin run = new RunOptionsMixin();

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public void validate(Path workingDirectory) {
        run.validate(workingDirectory);
    }

    @Override
    public boolean readsPastRuns() {
        return false;
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        RunOptions validated = run.options();
        return context.exclusive(() -> context.bean(RunCommand.class).run(validated, context.out(), context.err()));
    }
}
