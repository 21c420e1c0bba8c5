package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.operate.GracefulStop;
import io.signalranon.dispatcher.operate.RunProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The main runner: binds the command line ({@link DispatcherCommandLine}), starts the application for a
 * command and returns the exit code. Commands that launch jobs hold the run lock and stop gracefully on
 * SIGTERM.
 */
public class DispatcherCli {

    private static final Logger log = LoggerFactory.getLogger(DispatcherCli.class);

    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final String OTLP_URL = "management.otlp.metrics.export.url";

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
        DispatcherCommandLine.Execution execution;
        try {
            DispatcherCommandLine.Invocation invocation = DispatcherCommandLine.parse(args);
            if (invocation instanceof DispatcherCommandLine.Usage usage) {
                out.print(usage.text());
                return ExitCode.COMPLETED.code();
            }
            execution = (DispatcherCommandLine.Execution) invocation;
            execution.subcommand().validate(Path.of(""));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(DispatcherCommandLine.HINT);
            return ExitCode.INVALID.code();
        }
        String[] settings = execution.settings().toArray(String[]::new);
        ConfigurableEnvironment environment = environment(settings);
        if (DefaultJobRepository.missingFor(execution.subcommand(), environment, Path.of(""))) {
            err.println("error: " + DefaultJobRepository.MISSING);
            return ExitCode.INVALID.code();
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application)
                    .web(WebApplicationType.NONE)
                    .registerShutdownHook(false)
                    .listeners(new SettingsCheck())
                    .properties(defaults(environment))
                    .run(settings);
        } catch (RuntimeException e) {
            if (databaseInUse(e)) {
                err.println("error: another run holds the database (it is open in another process); nothing was done");
                return ExitCode.ALREADY_RUNNING.code();
            }
            err.println("error: cannot start: " + startFailure(e));
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
            code = execution.subcommand().execute(new CommandContext(context, stop, out, err));
        } catch (Exception e) {
            log.error("The command failed unexpectedly", e);
            err.println("error: " + JobOutcome.rootMessage(e));
        }
        return stop.finished(code.code());
    }

    /**
     * The settings as the application will see them before it starts: those given as options, then system
     * properties and environment variables.
     */
    static ConfigurableEnvironment environment(String... settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(settings));
        return environment;
    }

    /**
     * Defaults that depend on other settings: OTLP metrics export is on only when its endpoint is given
     * ({@code management.otlp.metrics.export.url}; otherwise Micrometer would push to localhost), through
     * {@code dispatcher.otlp.enabled}, which application.properties reads.
     */
    private static Map<String, Object> defaults(ConfigurableEnvironment environment) {
        return Map.of(
                "dispatcher.otlp.enabled",
                Binder.get(environment).bind(OTLP_URL, String.class).isBound());
    }

    /** Why the application did not start; a setting that cannot be bound is named. */
    private static String startFailure(RuntimeException failure) {
        String root = JobOutcome.rootMessage(failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind && !root.contains(bind.getName().toString())) {
                return bind.getName() + ": " + root;
            }
        }
        return root;
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
