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

    /** Options with no inputs and every other option at its default; set what differs, then {@link Builder#build}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder()
                .inputs(inputs)
                .users(users)
                .suppress(suppress)
                .offers(offers)
                .asOf(asOf)
                .all(all)
                .dryRun(dryRun)
                .dryRunReport(dryRunReport)
                .force(force)
                .emulator(emulator)
                .forget(forget);
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
        return builder()
                .inputs(inputs)
                .users(existing(samples.resolve("users.csv")))
                .offers(existing(samples.resolve("offers.json")))
                .emulator(true)
                .build();
    }

    /** {@code path} when it is a regular file, else null. */
    static @Nullable Path existing(Path path) {
        return Files.isRegularFile(path) ? path : null;
    }

    /** Builds {@link RunOptions}; each method sets the component of its name. */
    public static final class Builder {
        private List<InputSpec> inputs = List.of();
        private @Nullable Path users;
        private @Nullable Path suppress;
        private @Nullable Path offers;
        private @Nullable Instant asOf;
        private boolean all;
        private boolean dryRun;
        private @Nullable Path dryRunReport;
        private boolean force;
        private boolean emulator;
        private @Nullable String forget;

        private Builder() {}

        public Builder inputs(List<InputSpec> inputs) {
            this.inputs = inputs;
            return this;
        }

        /** The one input {@code input}. */
        public Builder input(InputSpec input) {
            return inputs(List.of(input));
        }

        public Builder users(@Nullable Path users) {
            this.users = users;
            return this;
        }

        public Builder suppress(@Nullable Path suppress) {
            this.suppress = suppress;
            return this;
        }

        public Builder offers(@Nullable Path offers) {
            this.offers = offers;
            return this;
        }

        public Builder asOf(@Nullable Instant asOf) {
            this.asOf = asOf;
            return this;
        }

        public Builder all(boolean all) {
            this.all = all;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Where a dry run writes its report; needs {@link #dryRun(boolean) dryRun(true)}. */
        public Builder dryRunReport(@Nullable Path dryRunReport) {
            this.dryRunReport = dryRunReport;
            return this;
        }

        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        public Builder emulator(boolean emulator) {
            this.emulator = emulator;
            return this;
        }

        public Builder forget(@Nullable String forget) {
            this.forget = forget;
            return this;
        }

        /** @throws IllegalArgumentException when a dry-run report is set without dryRun */
        public RunOptions build() {
            return new RunOptions(
                    inputs, users, suppress, offers, asOf, all, dryRun, dryRunReport, force, emulator, forget);
        }
    }
}
