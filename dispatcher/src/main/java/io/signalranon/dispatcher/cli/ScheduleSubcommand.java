package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code schedule --cron=EXPRESSION [options of run]}: stay up and run on a cron schedule. */
@Command(
        name = "schedule",
        description = {
            "Stay up and run on a cron schedule (\"0 */15 * * * *\": second minute hour day month weekday); a"
                    + " trigger that comes while a run is going is skipped. Each trigger is a new run when the files"
                    + " changed, and nothing to do when not (an empty export directory included). SIGTERM stops a"
                    + " run in progress after its chunk commits and ends with exit code 0. With"
                    + " management.server.port set it serves /actuator/prometheus and /actuator/health."
        })
final class ScheduleSubcommand implements Subcommand {

    @Option(
            names = "--cron",
            required = true,
            paramLabel = "EXPRESSION",
            converter = Converters.Cron.class,
            description = "when to run: six fields, seconds first, in the system time zone")
    @Nullable CronExpression cron;

    @Mixin
    RunOptionsMixin run = new RunOptionsMixin();

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public void validate(Path workingDirectory) {
        run.validate(workingDirectory);
    }

    /** The cron expression. */
    CronExpression cron() {
        return Objects.requireNonNull(cron, "--cron is required");
    }

    @Override
    public boolean readsPastRuns() {
        return false;
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        return context.servingMetrics(() -> context.bean(ScheduleCommand.class)
                .run(cron(), run.options(), context.stop()::requested, context.out(), context.err()));
    }
}
