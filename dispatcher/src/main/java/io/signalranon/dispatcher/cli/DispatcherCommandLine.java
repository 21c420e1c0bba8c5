package io.signalranon.dispatcher.cli;

import io.signalranon.emulator.cli.WholeWordHelp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line of {@code java -jar dispatcher.jar}: picocli binds the options declared on the
 * subcommand classes, and every help text is generated from those declarations (names, value labels,
 * descriptions, defaults) and from {@link ExitCode}, its lines broken at whitespace only ({@link WholeWordHelp}),
 * so that a setting name is printed whole. An option the command does not declare is a Spring setting when it
 * reads {@code --name=value} with a dot in the name; otherwise it is an error.
 *
 * <p>To add a subcommand, write one class like {@link HistorySubcommand} (a picocli {@code @Command}
 * implementing {@link Subcommand}: its options as annotated fields, and {@code execute} calling its bean)
 * and list it in {@code subcommands} below. To add an option, add one annotated field to the subcommand
 * class, or to {@link RunOptionsMixin} for {@code run} and {@code schedule} alike, and read it in
 * {@code validate} or {@code execute}: its help line comes from the annotation.
 */
@Command(
        name = "java -jar dispatcher.jar",
        subcommands = {
            RunSubcommand.class,
            ScheduleSubcommand.class,
            RestartSubcommand.class,
            FailuresSubcommand.class,
            ReprocessSubcommand.class,
            HistorySubcommand.class,
            PurgeSubcommand.class,
            WorkerSubcommand.class,
            ForgetSubcommand.class
        },
        footerHeading = "%n",
        footer = {
            "run, schedule, restart and reprocess write a JSON run report of each execution to"
                    + " data/reports/<execution id>.json, or to --report=PATH (a directory: <execution id>.json"
                    + " in it). schedule and worker serve /actuator/prometheus and /actuator/health on"
                    + " management.server.port when it is set (on management.server.address, 127.0.0.1 by"
                    + " default). With management.otlp.metrics.export.url set, every command pushes its metrics"
                    + " there by OTLP when it ends.",
            "",
            "SignalR service: the connection string in SIGNALR_CONNECTION_STRING, else"
                    + " AzureSignalRConnectionString, else dispatcher.signalr.connection-string; with none, run"
                    + " sends to an emulator started in-process.",
            "",
            "SIGTERM or Ctrl-C stops a run after the chunk in progress commits: the execution is STOPPED and the"
                    + " same command (or restart) resumes it.",
            "",
            "Settings are Spring Boot properties: --name=value after the command, -Dname=value before -jar, or"
                    + " environment variables such as DISPATCHER_DELIVERY_CONCURRENCY=64. The dispatcher's, with their"
                    + " defaults:"
        })
final class DispatcherCommandLine {

    /** The line printed after a usage error. */
    static final String HINT = "Try 'java -jar dispatcher.jar --help'.";

    private static final int WIDTH = 110;
    private static final String USAGE = "Usage: ";
    private static final String RUN_OPTIONS = "runOptions";
    private static final String SETTINGS = "settings";
    private static final List<String> OTHER_SETTINGS = List.of(
            "spring.datasource.url (jdbc:h2:file:./data/dispatcher;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE),"
                    + " spring.datasource.username, spring.datasource.password",
            "spring.rabbitmq.host (localhost), spring.rabbitmq.port (5672), spring.rabbitmq.username (guest)",
            "management.server.port (unset: no metrics endpoint), management.otlp.metrics.export.url (unset: no"
                    + " push)");
    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '([^']+)'");

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            hidden = true,
            description = "this text")
    boolean help;

    /** What the command line asks for. */
    sealed interface Invocation permits Usage, Execution {}

    /**
     * Print a help text and exit 0.
     *
     * @param text the generated help
     */
    record Usage(String text) implements Invocation {}

    /**
     * Run a subcommand.
     *
     * @param subcommand the bound (not yet validated) subcommand
     * @param settings   Spring settings as {@code --name=value}: those given as options, then the one that
     *                   {@code --report} stands for
     */
    record Execution(Subcommand subcommand, List<String> settings) implements Invocation {
        Execution {
            settings = List.copyOf(settings);
        }
    }

    private DispatcherCommandLine() {}

    /**
     * Binds the command line to its subcommand.
     *
     * @throws UsageException naming what is wrong
     */
    static Invocation parse(String... args) {
        if (args.length == 0) {
            throw new UsageException("missing command");
        }
        if (args[0].equals("help")) {
            // help [COMMAND] is COMMAND --help
            String[] rest = Arrays.copyOfRange(args, 1, args.length + 1);
            rest[rest.length - 1] = "--help";
            return parse(rest);
        }
        CommandLine line = commandLine();
        StringWriter help = new StringWriter();
        line.setOut(new PrintWriter(help, true));
        ParseResult result;
        try {
            result = line.parseArgs(args);
        } catch (ParameterException e) {
            throw usageError(e);
        }
        if (CommandLine.executeHelpRequest(result) != null) {
            return new Usage(help.toString());
        }
        List<String> settings = new ArrayList<>();
        ParseResult last = result;
        unmatched(last, settings);
        while (last.hasSubcommand()) {
            last = last.subcommand();
            unmatched(last, settings);
        }
        if (!(last.commandSpec().userObject() instanceof Subcommand subcommand)) {
            throw new UsageException("missing command");
        }
        for (CommandSpec mixin : last.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof ReportOption report) {
                settings.addAll(report.settings());
            }
        }
        settings.addAll(subcommand.settings());
        return new Execution(subcommand, settings);
    }

    /** Keeps the Spring settings among what a command does not declare, and refuses anything else. */
    private static void unmatched(ParseResult result, List<String> settings) {
        CommandSpec spec = result.commandSpec();
        for (String arg : result.unmatched()) {
            if (isSetting(arg)) {
                settings.add(arg);
            } else if (spec.userObject() instanceof DispatcherCommandLine) {
                throw new UsageException("unknown command '" + arg + "'");
            } else if (!arg.startsWith("-") && !spec.positionalParameters().isEmpty()) {
                throw new UsageException(spec.name() + " takes at most one "
                        + spec.positionalParameters().get(0).paramLabel());
            } else {
                int eq = arg.indexOf('=');
                throw new UsageException("unknown option '" + (eq < 0 ? arg : arg.substring(0, eq)) + "'");
            }
        }
    }

    /** A Spring Boot property given as an option ({@code --dispatcher.delivery.concurrency=64}): a dot in its name. */
    private static boolean isSetting(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 && arg.substring(0, eq).indexOf('.') > 0;
    }

    /** picocli's parse errors in the words of this command line. */
    private static UsageException usageError(ParameterException e) {
        ArgSpec spec = e.getArgSpec();
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()) {
            ArgSpec first = missing.getMissing().get(0);
            if (first instanceof OptionSpec option) {
                String label = option.longestName() + "=" + option.paramLabel();
                return new UsageException(
                        Objects.requireNonNullElse(e.getMessage(), "").startsWith("Missing required option")
                                ? e.getCommandLine().getCommandName() + " needs " + label
                                : option.longestName() + " needs a value: " + label);
            }
        }
        if (e instanceof OverwrittenOptionException overwritten
                && overwritten.getOverwritten() instanceof OptionSpec option) {
            return new UsageException(option.longestName() + " given twice");
        }
        if (e instanceof MaxValuesExceededException) {
            Matcher matcher = OPTION_IN_MESSAGE.matcher(e.getMessage());
            if (matcher.find()) {
                return new UsageException(matcher.group(1) + " takes no value");
            }
        }
        if (spec instanceof OptionSpec option && "".equals(e.getValue())) {
            return new UsageException(
                    option.longestName() + " needs a value: " + option.longestName() + "=" + option.paramLabel());
        }
        if (e.getCause() instanceof TypeConversionException conversion) {
            return new UsageException(Objects.requireNonNullElse(conversion.getMessage(), "invalid value"));
        }
        return new UsageException(Objects.requireNonNullElse(e.getMessage(), "invalid command line"));
    }

    /** The command line with its help sections. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new DispatcherCommandLine());
        line.setUnmatchedArgumentsAllowed(true);
        line.setColorScheme(Help.defaultColorScheme(Ansi.OFF));
        line.setUsageHelpWidth(WIDTH);
        line.setHelpFactory(WholeWordHelp::new);
        for (CommandLine command : commands(line)) {
            command.getCommandSpec()
                    .usageMessage()
                    .sortOptions(false)
                    .sortSynopsis(false)
                    .descriptionHeading("%n")
                    .parameterListHeading("%nParameters:%n")
                    .optionListHeading("%nOptions:%n")
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(exitCodes());
            command.getHelpSectionMap()
                    .put(
                            CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
                            DispatcherCommandLine::exitCodeList);
        }
        CommandSpec top = line.getCommandSpec();
        top.usageMessage().descriptionHeading("").commandListHeading("%nCommands:%n");
        line.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> synopses(line));
        line.getHelpSectionMap()
                .put(
                        RUN_OPTIONS,
                        help -> "%nOptions of run:%n".formatted()
                                + Objects.requireNonNull(line.getSubcommands().get("run"), "run is a subcommand")
                                        .getHelp()
                                        .optionList());
        line.getHelpSectionMap().put(SETTINGS, DispatcherCommandLine::settings);
        List<String> keys = new ArrayList<>(top.usageMessage().sectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), RUN_OPTIONS);
        keys.add(SETTINGS);
        top.usageMessage().sectionKeys(keys);
        return line;
    }

    private static List<CommandLine> commands(CommandLine line) {
        List<CommandLine> all = new ArrayList<>();
        all.add(line);
        all.addAll(line.getSubcommands().values());
        return all.stream().distinct().toList();
    }

    /** Every subcommand's generated synopsis, for the top-level help. */
    private static String synopses(CommandLine line) {
        String indent = " ".repeat(USAGE.length());
        String synopses = line.getSubcommands().values().stream()
                .distinct()
                .filter(sub -> sub.getCommandSpec().userObject() instanceof Subcommand)
                .map(sub -> sub.getHelp().synopsis(USAGE.length()))
                .collect(Collectors.joining(indent));
        return synopses + indent + line.getCommandName() + " COMMAND --help\n";
    }

    /** Every dispatcher setting with its default, from the configuration metadata, then Spring's that matter. */
    private static String settings(Help help) {
        StringBuilder text = new StringBuilder();
        for (SettingsMetadata.Setting setting : SettingsMetadata.dispatcherSettings()) {
            text.append("  ")
                    .append(setting.name())
                    .append(" (")
                    .append(setting.shownDefault())
                    .append(")\n");
        }
        OTHER_SETTINGS.forEach(other -> text.append("  ").append(other).append('\n'));
        return text.toString();
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(Integer.toString(code.code()), code.meaning());
        }
        return codes;
    }

    private static String exitCodeList(Help help) {
        Map<String, String> codes = help.commandSpec().usageMessage().exitCodeList();
        int width = help.commandSpec().usageMessage().width();
        TextTable table = WholeWordHelp.table(
                help.colorScheme(),
                new Column(5, 2, Column.Overflow.SPAN),
                new Column(width - 5, 0, Column.Overflow.WRAP));
        codes.forEach((code, meaning) -> table.addRowValues(code, meaning));
        return table.toString();
    }
}
