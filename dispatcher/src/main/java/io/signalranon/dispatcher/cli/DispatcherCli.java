package io.signalranon.dispatcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;

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
        Command command;
        try {
            command = new CommandLineParser(Path.of("")).parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(Usage.HINT);
            return ExitCode.INVALID.code();
        }
        if (command instanceof Command.Run run) {
            return run(run.options()).code();
        }
        out.print(Usage.TEXT);
        return ExitCode.COMPLETED.code();
    }

    private ExitCode run(RunOptions options) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(DispatcherApplication.class).web(WebApplicationType.NONE).run();
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
