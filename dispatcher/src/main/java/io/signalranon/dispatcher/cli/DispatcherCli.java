package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.operate.GracefulStop;
import io.signalranon.dispatcher.operate.RunProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The main runner: parses the command line, starts the application for a command and returns the exit
 * code. Commands that launch jobs hold the run lock and stop gracefully on SIGTERM.
 */
public class DispatcherCli {

    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

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
                    .run(settings);
        } catch (RuntimeException e) {
            if (databaseInUse(e)) {
                err.println("error: another run holds the database (it is open in another process); nothing was done");
                return ExitCode.ALREADY_RUNNING.code();
            }
            err.println("error: cannot start: " + RunCommand.rootMessage(e));
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
            err.println("error: " + RunCommand.rootMessage(e));
        }
        return stop.finished(code.code());
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
            return context.getBean(ScheduleCommand.class).run(schedule, stop::requested, out, err);
        }
        return context.getBean(FailuresCommand.class).run((Command.Failures) command, out);
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
