package io.signalranon.dispatcher.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signalranon.dispatcher.metrics.ScrapeEndpoint;
import io.signalranon.dispatcher.operate.GracefulStop;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

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

    /**
     * Runs a command that stays up ({@code schedule}, {@code worker}) while serving the Prometheus scrape
     * and health endpoint when {@code management.server.port} is set; exit code 2 when it cannot be served.
     */
    ExitCode servingMetrics(ExclusiveRun.JobCommand command) throws Exception {
        ScrapeEndpoint endpoint;
        try {
            endpoint = serveMetrics();
        } catch (IOException | IllegalStateException e) {
            err.println("error: cannot serve metrics on management.server.port: " + e.getMessage());
            return ExitCode.INVALID;
        }
        try {
            return command.run();
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    /**
     * Serves the Prometheus scrape and health endpoint when {@code management.server.port} is set, else
     * returns null.
     *
     * @throws IllegalStateException when the Prometheus registry is off
     */
    private @Nullable ScrapeEndpoint serveMetrics() throws IOException {
        Environment environment = application.getEnvironment();
        Integer port = environment.getProperty("management.server.port", Integer.class);
        if (port == null || port < 0) {
            return null;
        }
        PrometheusMeterRegistry registry =
                application.getBeanProvider(PrometheusMeterRegistry.class).getIfAvailable();
        if (registry == null) {
            throw new IllegalStateException(
                    "the Prometheus registry is off (management.prometheus.metrics.export.enabled)");
        }
        return ScrapeEndpoint.start(
                registry, environment.getProperty("management.server.address", "127.0.0.1"), port, () -> "UP");
    }
}
