package io.signalranon.dispatcher.support;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.DispatcherCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher's command line run in the test's own JVM, for suites where a separate process is not the
 * point (no kill, no SIGTERM, no second process). What {@link ChildJvm} gives a process through its working
 * directory and environment is given as settings: the database (the H2 file of {@code dir} by default), the
 * report directory of {@code dir}, and {@code SIGNALR_CONNECTION_STRING} as
 * {@code dispatcher.signalr.connection-string}. Paths in the arguments must be absolute.
 */
public final class InProcessDispatcher {

    private static final String CONNECTION_STRING = "SIGNALR_CONNECTION_STRING";

    private InProcessDispatcher() {}

    /**
     * Runs one command to its end and returns its exit code and its output: what the command prints and what
     * is logged to the console meanwhile (the test's logging configuration), in order.
     */
    public static ChildJvm.Result run(Path dir, Map<String, String> env, Map<String, String> settings, String... args) {
        if (System.getenv(CONNECTION_STRING) != null) {
            throw new IllegalStateException(CONNECTION_STRING + " is set in the test's environment: it would win over"
                    + " the connection string the test gives");
        }
        List<String> line = new ArrayList<>(List.of(args));
        env.forEach((name, value) -> {
            if (!name.equals(CONNECTION_STRING)) {
                throw new IllegalArgumentException("only " + CONNECTION_STRING + " can be given in-process: " + name);
            }
            line.add("--dispatcher.signalr.connection-string=" + value);
        });
        if (!settings.containsKey("spring.datasource.url")) {
            line.add("--spring.datasource.url=jdbc:h2:file:"
                    + dir.resolve("data/dispatcher").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        }
        if (!settings.containsKey("dispatcher.report.directory")) {
            line.add("--dispatcher.report.directory="
                    + dir.resolve("data/reports").toAbsolutePath());
        }
        settings.forEach((name, value) -> line.add("--" + name + "=" + value));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code;
        synchronized (InProcessDispatcher.class) {
            System.setOut(stream);
            System.setErr(stream);
            try {
                code = new DispatcherCli(DispatcherApplication.class, stream, stream).run(line.toArray(String[]::new));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
        stream.flush();
        out.print(output.toString(StandardCharsets.UTF_8));
        return new ChildJvm.Result(
                code, output.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
