package io.signalranon.emulator.cli;

import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of {@code java -jar signalr-emulator.jar}: picocli binds the options declared on
 * {@link EmulatorCommand}, and the help is generated from those declarations, grouped in
 * {@link #SECTIONS}, its lines broken at whitespace only ({@link WholeWordHelp}). Every option takes its value
 * as {@code --name=value} or {@code --name value}; given twice, the last one counts. Parse errors become one
 * line in the words of this command line.
 */
final class EmulatorCommandLine {

    /**
     * A group of options in the help.
     *
     * @param heading the line above the group
     * @param options the options' long names, in the order shown
     */
    record Section(String heading, List<String> options) {
        Section {
            options = List.copyOf(options);
        }
    }

    /** The help's groups of options; every option is in one. */
    static final List<Section> SECTIONS = List.of(
            new Section(
                    "Options:",
                    List.of(
                            "--host",
                            "--port",
                            "--key",
                            "--relaxed",
                            "--record",
                            "--retain",
                            "--negotiate",
                            "--demo",
                            "--help")),
            new Section(
                    "Entra ID, a service with local authentication disabled:",
                    List.of("--entra", "--entra-keys", "--entra-role", "--entra-token-lifetime")),
            new Section(
                    "The service's limits, modelled on every REST call (successful and throttled answers alike):",
                    List.of("--units", "--retry-after", "--latency")),
            new Section(
                    "Fault injection, on REST requests only (health checks are never faulted):",
                    List.of(
                            "--fault-429",
                            "--fault-429-no-retry-after",
                            "--fault-503",
                            "--fault-500",
                            "--fault-drop",
                            "--latency-ms",
                            "--latency-jitter-ms",
                            "--fail-first",
                            "--seed")));

    /** What the command line asks for. */
    sealed interface Invocation permits Usage, Start {}

    /**
     * Print the help and exit 0.
     *
     * @param text the generated help
     */
    record Usage(String text) implements Invocation {}

    /**
     * Start the emulator.
     *
     * @param options the checked options
     */
    record Start(EmulatorOptions options) implements Invocation {}

    private static final int WIDTH = 100;
    private static final int LONG_OPTIONS_WIDTH = 32;
    private static final String NL = System.lineSeparator();
    private static final String FOOTER = "Fault rates are shares of REST requests from 0 to 1 and add up to at most 1;"
            + " faulted requests are not accepted messages. Exit code 2 for invalid usage, an unreadable"
            + " --negotiate file, a malformed visitor key, or a port that cannot be bound.";

    private EmulatorCommandLine() {}

    /**
     * Binds the command line.
     *
     * @throws UsageException naming what is wrong, in one line
     */
    static Invocation parse(String... args) {
        EmulatorCommand command = new EmulatorCommand();
        CommandLine line = commandLine(command);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (ParameterException e) {
            throw usageError(e);
        }
        if (line.isUsageHelpRequested()) {
            return new Usage(line.getUsageMessage());
        }
        return new Start(command.options(parsed));
    }

    /** The help text, as {@code --help} prints it. */
    static String help() {
        return commandLine(new EmulatorCommand()).getUsageMessage();
    }

    /** The help text, laid out {@code width} columns wide. */
    static String help(int width) {
        CommandLine line = commandLine(new EmulatorCommand());
        line.setUsageHelpWidth(width);
        return line.getUsageMessage();
    }

    private static CommandLine commandLine(EmulatorCommand command) {
        CommandLine line = new CommandLine(command);
        line.setExpandAtFiles(false);
        line.setOverwrittenOptionsAllowed(true);
        line.setColorScheme(Help.defaultColorScheme(Ansi.OFF));
        line.setUsageHelpWidth(WIDTH);
        line.setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH);
        line.setHelpFactory(WholeWordHelp::new);
        CommandSpec spec = line.getCommandSpec();
        spec.usageMessage()
                .abbreviateSynopsis(true)
                .sortOptions(false)
                .descriptionHeading("%n")
                .optionListHeading("")
                .footerHeading("%n")
                .footer(FOOTER);
        line.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, EmulatorCommandLine::sections);
        return line;
    }

    /** The option list, one group per {@link Section}. */
    private static String sections(Help help) {
        CommandSpec spec = help.commandSpec();
        StringBuilder text = new StringBuilder();
        for (Section section : SECTIONS) {
            List<OptionSpec> options =
                    section.options().stream().map(spec::findOption).toList();
            text.append(NL).append(section.heading()).append(NL).append(help.optionListExcludingGroups(options));
        }
        return text.toString();
    }

    /** picocli's parse errors in the words of this command line. */
    private static UsageException usageError(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if (!arg.startsWith("-")) {
                return new UsageException(
                        "unexpected argument '" + arg + "': the emulator takes options only" + " (see --help)");
            }
            int eq = arg.indexOf('=');
            return new UsageException("unknown option " + (eq < 0 ? arg : arg.substring(0, eq)) + " (see --help)");
        }
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return needsValue(option);
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getCause() instanceof TypeConversionException rule) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                return needsValue(option);
            }
            return new UsageException(
                    option.longestName() + " must be " + rule.getMessage() + ", got '" + e.getValue() + "'");
        }
        return new UsageException(Objects.requireNonNullElse(e.getMessage(), "invalid command line"));
    }

    private static UsageException needsValue(OptionSpec option) {
        return new UsageException(
                option.longestName() + " needs a value: " + option.longestName() + "=" + option.paramLabel());
    }
}
