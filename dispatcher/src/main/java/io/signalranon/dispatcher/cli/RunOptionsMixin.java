package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFile;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Stack;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of {@code run}, shared by {@code schedule}. With no inputs, users and offers, the files in
 * {@code sample-data} of the working directory are used.
 */
final class RunOptionsMixin {

    @Option(
            names = "--input",
            paramLabel = "FORMAT:PATH",
            converter = Converters.Input.class,
            completionCandidates = Converters.FormatNames.class,
            description = {
                "an export; PATH is a file, a directory or a glob, .gz is read as gzip; repeat for several"
                        + " inputs. FORMAT: ${COMPLETION-CANDIDATES}"
            })
    List<InputSpec> inputs = new ArrayList<>();

    @Mixin
    UserFilesOptions userFiles = new UserFilesOptions();

    @Option(names = "--offers", paramLabel = "PATH", converter = Converters.FilePath.class, description = "offers.json")
    @Nullable Path offers;

    @Option(
            names = "--as-of",
            paramLabel = "ISO-INSTANT",
            converter = Converters.IsoInstant.class,
            description = "the run's \"now\" (default: the start of the run)")
    @Nullable Instant asOf;

    @Option(
            names = "--all",
            arity = "0",
            description = "target every known user, not only those whose audiences changed")
    boolean all;

    @Option(
            names = "--dry-run",
            arity = "0..1",
            paramLabel = "FILE",
            preprocessor = AttachedValueOnly.class,
            description = "decide but do not send; optionally write the report to FILE")
    @Nullable String dryRun;

    @Option(
            names = "--force",
            arity = "0",
            description = "read again files that were ingested before; this is a new run (not a resume of a failed"
                    + " one with the same files)")
    boolean force;

    @Option(
            names = "--emulator",
            arity = "0",
            description = "with no connection string set, send to a SignalR emulator started in this process (as the"
                    + " bundled sample-data does); without it, a run that sends needs a connection string")
    boolean emulator;

    @Option(
            names = "--forget",
            paramLabel = "PATH",
            converter = Converters.NonEmpty.class,
            description = "lists of visitors to forget first (a file, directory or glob; one id per line, user ids"
                    + " unless under a first line cdp_id), each file once")
    @Nullable String forget;

    private @Nullable RunOptions options;

    /**
     * Checks the options against the file system: named files are readable, inputs resolve, and with no
     * inputs, users and offers, {@code sample-data} of {@code workingDirectory} supplies them.
     *
     * @throws UsageException naming what is wrong
     */
    void validate(Path workingDirectory) {
        options = options(workingDirectory);
    }

    /** The options, once {@link #validate validated}. */
    RunOptions options() {
        return Objects.requireNonNull(options, "validate first");
    }

    private RunOptions options(Path workingDirectory) {
        @Nullable Path usersFile = userFiles.users();
        @Nullable Path offersFile = readable(offers, "--offers");
        if (inputs.isEmpty() && usersFile == null && offersFile == null) {
            RunOptions samples = RunOptions.sampleData(workingDirectory);
            return options(samples.inputs(), samples.users(), samples.offers(), samples.emulator());
        }
        return options(inputs, usersFile, offersFile, emulator);
    }

    private RunOptions options(
            List<InputSpec> resolved, @Nullable Path usersFile, @Nullable Path offersFile, boolean inProcessEmulator) {
        try {
            InputFile.resolveAll(resolved);
        } catch (InputFileException e) {
            throw new UsageException("--input " + e.getMessage());
        }
        @Nullable Path report = dryRun == null || dryRun.isEmpty() ? null : Path.of(dryRun);
        if (report != null && Files.isDirectory(report)) {
            throw new UsageException("--dry-run report is a directory: " + report);
        }
        return RunOptions.builder()
                .inputs(resolved)
                .users(usersFile)
                .suppress(userFiles.suppress())
                .offers(offersFile)
                .asOf(asOf)
                .all(all)
                .dryRun(dryRun != null)
                .dryRunReport(report)
                .force(force)
                .emulator(inProcessEmulator)
                .forget(forget)
                .build();
    }

    /** @throws UsageException when {@code path} is given but is no readable file */
    static @Nullable Path readable(@Nullable Path path, String option) {
        if (path != null && (!Files.isRegularFile(path) || !Files.isReadable(path))) {
            throw new UsageException(option + ": no readable file " + path);
        }
        return path;
    }

    /**
     * {@code --dry-run FILE} would take any next argument as its file: only {@code --dry-run=FILE} gives one,
     * and a bare {@code --dry-run} is the flag.
     */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(
                Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("");
            }
            return false;
        }
    }
}
