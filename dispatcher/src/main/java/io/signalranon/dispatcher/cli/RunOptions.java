package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The validated options of {@code run}.
 *
 * @param inputs       the exports, in option order (may be empty)
 * @param users        users.csv, or null
 * @param suppress     the suppression list, or null
 * @param offers       offers.json, or null
 * @param asOf         the {@code --as-of} instant, or null for the run's start time
 * @param all          target every known user, not only changed ones
 * @param dryRun       decide but do not send
 * @param dryRunReport where a dry run writes its report, or null
 * @param force        re-read files ingested before
 * @param emulator     with no connection string set, send to an in-process emulator ({@code --emulator}, or the
 *                     bundled {@code sample-data}); otherwise a run that sends needs a connection string
 * @param forget       lists of visitors to forget before the run decides anything (a file, directory or glob),
 *                     or null
 */
public record RunOptions(
        List<InputSpec> inputs,
        @Nullable Path users,
        @Nullable Path suppress,
        @Nullable Path offers,
        @Nullable Instant asOf,
        boolean all,
        boolean dryRun,
        @Nullable Path dryRunReport,
        boolean force,
        boolean emulator,
        @Nullable String forget) {

    /** The directory of sample data that {@code run} uses when given no inputs, users and offers. */
    public static final String SAMPLE_DATA = "sample-data";

    public RunOptions {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        if (dryRunReport != null && !dryRun) {
            throw new IllegalArgumentException("a dry-run report needs dryRun");
        }
    }

    /** Options without forget lists. */
    public RunOptions(
            List<InputSpec> inputs,
            @Nullable Path users,
            @Nullable Path suppress,
            @Nullable Path offers,
            @Nullable Instant asOf,
            boolean all,
            boolean dryRun,
            @Nullable Path dryRunReport,
            boolean force,
            boolean emulator) {
        this(inputs, users, suppress, offers, asOf, all, dryRun, dryRunReport, force, emulator, null);
    }

    /**
     * The files in {@code sample-data} of {@code workingDirectory}: every format's directory as an input,
     * users.csv and offers.json when present.
     *
     * @throws UsageException when there is no such directory
     */
    public static RunOptions sampleData(Path workingDirectory) {
        Path samples = workingDirectory.resolve(SAMPLE_DATA);
        if (!Files.isDirectory(samples)) {
            throw new UsageException("no --input, --users or --offers given, and no " + SAMPLE_DATA
                    + " directory in the working directory to use instead");
        }
        List<InputSpec> inputs = new ArrayList<>();
        for (InputFormat format : InputFormat.values()) {
            Path dir = samples.resolve(format.cliName());
            if (Files.isDirectory(dir)) {
                inputs.add(new InputSpec(format, dir.toString()));
            }
        }
        return new RunOptions(
                inputs,
                existing(samples.resolve("users.csv")),
                null,
                existing(samples.resolve("offers.json")),
                null,
                false,
                false,
                null,
                false,
                true);
    }

    /** {@code path} when it is a regular file, else null. */
    static @Nullable Path existing(Path path) {
        return Files.isRegularFile(path) ? path : null;
    }
}
