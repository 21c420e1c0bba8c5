package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code purge [--older-than=P90D] [--dry-run] [--offers=PATH]}: delete what nothing needs any more. */
@Command(
        name = "purge",
        description = {
            "Delete what nothing needs any more, older than --older-than: resolved failed sends, skipped rows,"
                    + " schedule claims, and completed runs of dispatch and reprocess with their steps and"
                    + " parameters. Deliveries (for frequency caps) go only when older than the longest cap window"
                    + " of offers.json too. Personal data nothing needs goes too: the targets of completed runs, and the"
                    + " memberships of CDP ids that left every audience longer ago than"
                    + " dispatcher.purge.memberships-left-after (P180D). Kept whatever their age: unresolved failed sends and their runs, failed"
                    + " or stopped runs (restartable), and the record of ingested files (so a re-delivered file is"
                    + " still skipped). Holds the run lock like run."
        })
final class PurgeSubcommand implements Subcommand {

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            defaultValue = "P90D",
            converter = Converters.OlderThan.class,
            description = "ISO-8601 duration (default: ${DEFAULT-VALUE}; e.g. P30D, PT12H)")
    Duration olderThan = Duration.ofDays(90);

    @Option(
            names = "--offers",
            paramLabel = "PATH",
            converter = Converters.FilePath.class,
            description = "offers.json whose caps keep deliveries (default: ./" + RunOptions.SAMPLE_DATA
                    + "/offers.json when present; without one, only --older-than counts)")
    @Nullable Path offers;

    @Option(names = "--dry-run", arity = "0", description = "print what would be deleted, per table; delete nothing")
    boolean dryRun;

    private PurgeCommand.@Nullable Request request;

    @Override
    public void validate(Path workingDirectory) {
        Path catalog = RunOptionsMixin.readable(offers, "--offers");
        if (catalog == null) {
            catalog = RunOptions.existing(
                    workingDirectory.resolve(RunOptions.SAMPLE_DATA).resolve("offers.json"));
        }
        request = new PurgeCommand.Request(olderThan, catalog, dryRun);
    }

    /** What to purge, once {@link #validate validated}. */
    PurgeCommand.Request request() {
        return Objects.requireNonNull(request, "validate first");
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        PurgeCommand.Request validated = request();
        return context.exclusive(() -> context.bean(PurgeCommand.class).run(validated, context.out(), context.err()));
    }
}
