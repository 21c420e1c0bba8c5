package io.signalranon.dispatcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;

import io.signalranon.dispatcher.DispatcherApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The main runner: parses the command line, starts the application for a command and returns the exit code. */
public class DispatcherCli {

    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final PrintStream out;
    private final PrintStream err;

    public DispatcherCli(PrintStream out, PrintStream err) {
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
        if (command instanceof Command.Run run) {
            return run(run.options(), settings).code();
        }
        out.print(Usage.TEXT);
        return ExitCode.COMPLETED.code();
    }

    /** A Spring Boot property given as an option ({@code --dispatcher.delivery.concurrency=64}): it has a dot in its name. */
    private static boolean isSetting(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 && arg.substring(0, eq).indexOf('.') > 0;
    }

    private ExitCode run(RunOptions options, String[] settings) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(DispatcherApplication.class).web(WebApplicationType.NONE).run(settings);
        } catch (RuntimeException e) {
            if (databaseInUse(e)) {
                err.println("error: another run holds the database (it is open in another process)");
                return ExitCode.ALREADY_RUNNING;
            }
            err.println("error: cannot start: " + RunCommand.rootMessage(e));
            return ExitCode.INVALID;
        }
        try (context) {
            return context.getBean(RunCommand.class).run(options, out, err);
        }
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
