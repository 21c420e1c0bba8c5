package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFile;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * Parses and validates the command line; with no inputs, users and offers, {@code run} and {@code schedule}
 * use sample-data.
 */
public final class CommandLineParser {

    static final String SAMPLE_DATA = "sample-data";
    private static final Set<String> VALUED = Set.of("--input", "--users", "--suppress", "--offers", "--as-of");
    private static final Set<String> FLAGS = Set.of("--all", "--force", "--dry-run");

    private final Path workingDirectory;

    /** @param workingDirectory where {@code sample-data} is looked for ({@code Path.of("")}: the current one) */
    public CommandLineParser(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** @throws UsageException naming what is wrong */
    public Command parse(String... args) {
        if (args.length == 0) {
            throw new UsageException("missing command");
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            return new Command.Help();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help")) {
            return Usage.of(args[0]).equals(Usage.TEXT) ? new Command.Help() : new Command.CommandHelp(args[0]);
        }
        return switch (args[0]) {
            case "run" -> new Command.Run(runOptions(rest, Set.of()));
            case "schedule" -> schedule(rest);
            case "restart" -> restart(rest);
            case "failures" -> {
                Map<String, String> options = options(rest, Set.of("--execution"), Set.of("--json", "--show-message"));
                yield new Command.Failures(
                        executionId(options.get("--execution")),
                        options.containsKey("--json"),
                        options.containsKey("--show-message"));
            }
            case "reprocess" ->
                new Command.Reprocess(executionId(
                        options(rest, Set.of("--execution"), Set.of()).get("--execution")));
            case "history" -> history(rest);
            case "purge" -> purge(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private Command.Schedule schedule(String[] args) {
        String cron = Arrays.stream(args)
                .filter(arg -> arg.startsWith("--cron="))
                .map(arg -> arg.substring(7))
                .findFirst()
                .orElseThrow(
                        () -> new UsageException("schedule needs --cron=EXPRESSION, e.g. --cron=\"0 */15 * * * *\""));
        CronExpression expression;
        try {
            expression = CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cron: not a cron expression (second minute hour day month weekday): " + cron);
        }
        return new Command.Schedule(expression, runOptions(args, Set.of("--cron")));
    }

    private static Command.History history(String[] args) {
        Map<String, String> options = options(args, Set.of("--last"), Set.of("--json"));
        String last = options.getOrDefault("--last", "20");
        try {
            int count = Integer.parseInt(last);
            if (count > 0) {
                return new Command.History(count, options.containsKey("--json"));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--last is a positive number: " + last);
    }

    private Command.Purge purge(String[] args) {
        Map<String, String> options = options(args, Set.of("--older-than", "--offers"), Set.of("--dry-run"));
        Duration olderThan = Command.DEFAULT_PURGE_AGE;
        if (options.containsKey("--older-than")) {
            try {
                olderThan = Duration.parse(options.get("--older-than"));
            } catch (DateTimeParseException e) {
                olderThan = Duration.ZERO;
            }
            if (olderThan.isNegative() || olderThan.isZero()) {
                throw new UsageException("--older-than must be a positive ISO-8601 duration such as P90D or PT12H: "
                        + options.get("--older-than"));
            }
        }
        Path offers = file(options.get("--offers"), "--offers");
        if (offers == null) {
            offers = existing(workingDirectory.resolve(SAMPLE_DATA).resolve("offers.json"));
        }
        return new Command.Purge(olderThan, offers, options.containsKey("--dry-run"));
    }

    private static Command.Restart restart(String[] args) {
        if (args.length > 1) {
            throw new UsageException("restart takes at most one EXECUTION_ID");
        }
        if (args.length == 1 && args[0].startsWith("-")) {
            throw new UsageException("unknown option '" + args[0] + "'");
        }
        return new Command.Restart(args.length == 0 ? null : executionId(args[0]));
    }

    private static Long executionId(String value) {
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("an execution id is a positive number: " + value);
    }

    private static Map<String, String> options(String[] args, Set<String> valued, Set<String> flags) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (!valued.contains(name) && !flags.contains(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (valued.contains(name) && (value == null || value.isEmpty())) {
                throw new UsageException(name + " needs a value: " + name + "=...");
            }
            if (flags.contains(name) && value != null) {
                throw new UsageException(name + " takes no value");
            }
            if (options.put(name, value == null ? "" : value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return options;
    }

    private RunOptions runOptions(String[] args, Set<String> extraValued) {
        List<InputSpec> inputs = new ArrayList<>();
        Map<String, String> single = new HashMap<>();
        Map<String, String> extra = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            boolean valued = VALUED.contains(name) || extraValued.contains(name);
            if (!valued && !FLAGS.contains(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (valued && (value == null || value.isEmpty())) {
                throw new UsageException(name + " needs a value: " + name + "=...");
            }
            if (FLAGS.contains(name) && value != null && !name.equals("--dry-run")) {
                throw new UsageException(name + " takes no value");
            }
            if (name.equals("--input")) {
                inputs.add(input(value));
            } else if ((extraValued.contains(name) ? extra : single).put(name, value == null ? "" : value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return options(inputs, single);
    }

    private RunOptions options(List<InputSpec> inputs, Map<String, String> single) {
        Path users = file(single.get("--users"), "--users");
        Path offers = file(single.get("--offers"), "--offers");
        if (inputs.isEmpty() && users == null && offers == null) {
            Path samples = workingDirectory.resolve(SAMPLE_DATA);
            if (!Files.isDirectory(samples)) {
                throw new UsageException("no --input, --users or --offers given, and no " + SAMPLE_DATA
                        + " directory in the working directory to use instead");
            }
            for (InputFormat format : InputFormat.values()) {
                Path dir = samples.resolve(format.cliName());
                if (Files.isDirectory(dir)) {
                    inputs.add(new InputSpec(format, dir.toString()));
                }
            }
            users = existing(samples.resolve("users.csv"));
            offers = existing(samples.resolve("offers.json"));
        }
        try {
            InputFile.resolveAll(inputs);
        } catch (InputFileException e) {
            throw new UsageException("--input " + e.getMessage());
        }
        String dryRun = single.get("--dry-run");
        Path report = dryRun == null || dryRun.isEmpty() ? null : Path.of(dryRun);
        if (report != null && Files.isDirectory(report)) {
            throw new UsageException("--dry-run report is a directory: " + report);
        }
        return new RunOptions(
                inputs,
                users,
                file(single.get("--suppress"), "--suppress"),
                offers,
                asOf(single.get("--as-of")),
                single.containsKey("--all"),
                dryRun != null,
                report,
                single.containsKey("--force"));
    }

    private static InputSpec input(String value) {
        try {
            return InputSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Path file(String value, String option) {
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException(option + ": no readable file " + value);
        }
        return path;
    }

    private static Path existing(Path path) {
        return Files.isRegularFile(path) ? path : null;
    }

    private static Instant asOf(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--as-of must be an ISO-8601 instant such as 2026-12-01T00:00:00Z: " + value);
        }
    }
}
