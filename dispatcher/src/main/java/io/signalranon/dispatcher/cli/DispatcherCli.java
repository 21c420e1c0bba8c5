package io.signalranon.dispatcher.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.metrics.ScrapeEndpoint;
import io.signalranon.dispatcher.operate.GracefulStop;
import io.signalranon.dispatcher.operate.RunProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The main runner: parses the command line, starts the application for a command and returns the exit
 * code. Commands that launch jobs hold the run lock and stop gracefully on SIGTERM.
 */
public class DispatcherCli {

    private static final Logger log = LoggerFactory.getLogger(DispatcherCli.class);

    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final String REPORT = "--report=";
    private static final String OTLP_URL = "management.otlp.metrics.export.url";
    private static final Set<String> REPORTING = Set.of("run", "schedule", "restart", "reprocess");

    private final Class<?> application;
    private final PrintStream out;
    private final PrintStream err;

    /** @param application the Spring Boot application class that a command starts */
    public DispatcherCli(Class<?> application, PrintStream out, PrintStream err) {
        this.application = application;
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        String[] settings = Arrays.stream(args).filter(DispatcherCli::isSetting).toArray(String[]::new);
        String[] options = Arrays.stream(args).filter(arg -> !isSetting(arg)).toArray(String[]::new);
        Command command;
        try {
            String report = reportOption(options);
            if (report != null) {
                options = Arrays.stream(options)
                        .filter(arg -> !arg.startsWith(REPORT))
                        .toArray(String[]::new);
                settings = Arrays.copyOf(settings, settings.length + 1);
                settings[settings.length - 1] = "--dispatcher.report.file=" + report;
            }
            command = new CommandLineParser(Path.of("")).parse(options);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(Usage.HINT);
            return ExitCode.INVALID.code();
        }
        if (command instanceof Command.Help) {
            out.print(Usage.TEXT);
            return ExitCode.COMPLETED.code();
        }
        if (command instanceof Command.CommandHelp help) {
            out.print(Usage.of(help.command()));
            return ExitCode.COMPLETED.code();
        }
        if (DefaultJobRepository.missingFor(command, settings, System.getenv(), Path.of(""))) {
            err.println("error: " + DefaultJobRepository.MISSING);
            return ExitCode.INVALID.code();
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application)
                    .web(WebApplicationType.NONE)
                    .registerShutdownHook(false)
                    .properties(defaults(settings))
                    .run(settings);
        } catch (RuntimeException e) {
            if (databaseInUse(e)) {
                err.println("error: another run holds the database (it is open in another process); nothing was done");
                return ExitCode.ALREADY_RUNNING.code();
            }
            err.println("error: cannot start: " + JobOutcome.rootMessage(e));
            return ExitCode.INVALID.code();
        }
        GracefulStop stop = new GracefulStop(
                        context.getBean(JobRepository.class),
                        BatchNames.JOBS,
                        context.getBean(RunProperties.class).stopTimeout(),
                        err)
                .install();
        ExitCode code = ExitCode.FAILED_RESTARTABLE;
        try (context) {
            code = execute(context, command, stop);
        } catch (Exception e) {
            log.error("The command failed unexpectedly", e);
            err.println("error: " + JobOutcome.rootMessage(e));
        }
        return stop.finished(code.code());
    }

    /**
     * The value of {@code --report=PATH} of a command that writes run reports, else null: it is the setting
     * {@code dispatcher.report.file}.
     */
    private static String reportOption(String[] options) {
        if (options.length == 0 || !REPORTING.contains(options[0])) {
            return null;
        }
        List<String> given =
                Arrays.stream(options).filter(arg -> arg.startsWith(REPORT)).toList();
        if (given.size() > 1) {
            throw new UsageException("--report given twice");
        }
        if (given.isEmpty()) {
            return null;
        }
        String value = given.get(0).substring(REPORT.length());
        if (value.isEmpty()) {
            throw new UsageException("--report needs a value: --report=PATH");
        }
        return value;
    }

    /**
     * Defaults that depend on other settings: OTLP metrics export is on only when its endpoint is given
     * ({@code management.otlp.metrics.export.url}; otherwise Micrometer would push to localhost), through
     * {@code dispatcher.otlp.enabled}, which application.properties reads.
     */
    private static Map<String, Object> defaults(String[] settings) {
        boolean otlp = Arrays.stream(settings).anyMatch(setting -> setting.startsWith("--" + OTLP_URL + "="))
                || System.getProperty(OTLP_URL) != null
                || System.getenv(OTLP_URL.toUpperCase(Locale.ROOT).replace('.', '_')) != null;
        return Map.of("dispatcher.otlp.enabled", otlp);
    }

    /** A Spring Boot property given as an option ({@code --dispatcher.delivery.concurrency=64}): it has a dot in its name. */
    private static boolean isSetting(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 && arg.substring(0, eq).indexOf('.') > 0;
    }

    private ExitCode execute(ConfigurableApplicationContext context, Command command, GracefulStop stop)
            throws Exception {
        ExclusiveRun exclusive = context.getBean(ExclusiveRun.class);
        if (command instanceof Command.Run run) {
            return exclusive.run(() -> context.getBean(RunCommand.class).run(run.options(), out, err), out, err);
        }
        if (command instanceof Command.Restart restart) {
            return exclusive.run(() -> context.getBean(RestartCommand.class).run(restart, out, err), out, err);
        }
        if (command instanceof Command.Reprocess reprocess) {
            return exclusive.run(() -> context.getBean(ReprocessCommand.class).run(reprocess, out, err), out, err);
        }
        if (command instanceof Command.Purge purge) {
            return exclusive.run(() -> context.getBean(PurgeCommand.class).run(purge, out, err), out, err);
        }
        if (command instanceof Command.Schedule schedule) {
            ScrapeEndpoint endpoint;
            try {
                endpoint = scrapeEndpoint(context);
            } catch (IOException | IllegalStateException e) {
                err.println("error: cannot serve metrics on management.server.port: " + e.getMessage());
                return ExitCode.INVALID;
            }
            try {
                return context.getBean(ScheduleCommand.class).run(schedule, stop::requested, out, err);
            } finally {
                if (endpoint != null) {
                    endpoint.close();
                }
            }
        }
        if (command instanceof Command.History history) {
            return context.getBean(HistoryCommand.class).run(history, out);
        }
        return context.getBean(FailuresCommand.class).run((Command.Failures) command, out);
    }

    /** The Prometheus scrape and health endpoint of {@code schedule}, when {@code management.server.port} is set. */
    private static ScrapeEndpoint scrapeEndpoint(ConfigurableApplicationContext context) throws IOException {
        Environment environment = context.getEnvironment();
        Integer port = environment.getProperty("management.server.port", Integer.class);
        if (port == null || port < 0) {
            return null;
        }
        PrometheusMeterRegistry registry =
                context.getBeanProvider(PrometheusMeterRegistry.class).getIfAvailable();
        if (registry == null) {
            throw new IllegalStateException(
                    "the Prometheus registry is off (management.prometheus.metrics.export.enabled)");
        }
        return ScrapeEndpoint.start(
                registry, environment.getProperty("management.server.address", "127.0.0.1"), port, () -> "UP");
    }

    private static boolean databaseInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
