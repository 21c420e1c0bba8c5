package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFile;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.job.BatchNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Job parameters of a run. Identifying: {@value BatchNames#RUN_KEY}, a fingerprint of the options and of every
 * resolved file's name, size and last-modified time (the same command on the same files is the same job
 * instance, so running it again resumes a failed run), and {@code as-of} when given. The option values
 * are non-identifying strings. A forced run is always a new instance.
 */
public final class RunParameters {

    private RunParameters() {}

    /**
     * @param launchTime makes a forced run a new job instance
     */
    public static JobParameters of(RunOptions options, Instant launchTime) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(BatchNames.RUN_KEY, fingerprint(options, launchTime), true)
                .addString(
                        BatchNames.INPUTS,
                        options.inputs().stream().map(InputSpec::toString).collect(Collectors.joining("\n")),
                        false)
                .addString(BatchNames.ALL, Boolean.toString(options.all()), false)
                .addString(BatchNames.DRY_RUN, Boolean.toString(options.dryRun()), false)
                .addString(BatchNames.FORCE, Boolean.toString(options.force()), false);
        addPath(builder, BatchNames.USERS, options.users());
        addPath(builder, BatchNames.SUPPRESS, options.suppress());
        addPath(builder, BatchNames.OFFERS, options.offers());
        addPath(builder, BatchNames.DRY_RUN_REPORT, options.dryRunReport());
        if (options.asOf() != null) {
            builder.addString(BatchNames.AS_OF, options.asOf().toString(), true);
        }
        return builder.toJobParameters();
    }

    private static void addPath(JobParametersBuilder builder, String name, @Nullable Path path) {
        if (path != null) {
            builder.addString(name, path.toString(), false);
        }
    }

    static String fingerprint(RunOptions options, Instant launchTime) {
        List<String> parts = new ArrayList<>();
        parts.add("inputs=" + options.inputs());
        parts.add("users=" + options.users());
        parts.add("suppress=" + options.suppress());
        parts.add("offers=" + options.offers());
        parts.add("all=" + options.all());
        parts.add("dry-run=" + options.dryRun() + ":" + options.dryRunReport());
        if (options.force()) {
            parts.add("forced-at=" + launchTime);
        }
        List<Path> files = new ArrayList<>(InputFile.resolveAll(options.inputs()).stream()
                .map(InputFile::path)
                .toList());
        for (Path path : new Path[] {options.users(), options.suppress(), options.offers()}) {
            if (path != null) {
                files.add(path);
            }
        }
        for (Path file : files) {
            parts.add(describe(file));
        }
        return sha256(String.join("\n", parts));
    }

    private static String describe(Path file) {
        try {
            return file.toAbsolutePath().normalize() + ":" + Files.size(file) + ":"
                    + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
