package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.operate.GracefulStop;
import java.io.PrintStream;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a {@link Subcommand} runs with: the started application, the graceful stop and the output streams.
 *
 * @param application the started application, whose beans are the commands
 * @param stop        set when SIGTERM asks the command to stop
 * @param out         the command's output
 * @param err         warnings and errors
 */
record CommandContext(ConfigurableApplicationContext application, GracefulStop stop, PrintStream out, PrintStream err) {

    CommandContext {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    <T> T bean(Class<T> type) {
        return application.getBean(type);
    }

    /** Runs a command that launches jobs under the run lock (exit code 5 when another process holds it). */
    ExitCode exclusive(ExclusiveRun.JobCommand command) throws Exception {
        return bean(ExclusiveRun.class).run(command, out, err);
    }
}
