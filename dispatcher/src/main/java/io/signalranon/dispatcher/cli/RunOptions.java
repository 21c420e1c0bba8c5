package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 */
public record RunOptions(
        List<InputSpec> inputs,
        Path users,
        Path suppress,
        Path offers,
        Instant asOf,
        boolean all,
        boolean dryRun,
        Path dryRunReport,
        boolean force) {

    public RunOptions {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        if (dryRunReport != null && !dryRun) {
            throw new IllegalArgumentException("a dry-run report needs dryRun");
        }
    }
}
