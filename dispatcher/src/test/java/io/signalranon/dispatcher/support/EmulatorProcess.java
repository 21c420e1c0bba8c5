package io.signalranon.dispatcher.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SignalR emulator jar in its own process, on a free port, recording accepted messages to a file.
 * Built by the reactor next to this module; when it is not there (this module built alone), the same
 * main class is started from the dispatcher's fat jar, which embeds the emulator.
 */
public final class EmulatorProcess implements AutoCloseable {

    private static final Path EMULATOR_JAR =
            Path.of("../signalr-emulator/target/signalr-emulator.jar").toAbsolutePath();

    private final ChildJvm jvm;
    private final String connectionString;
    private final Path record;

    private EmulatorProcess(ChildJvm jvm, String connectionString, Path record) {
        this.jvm = jvm;
        this.connectionString = connectionString;
        this.record = record;
    }

    /** Starts the emulator with {@code --port 0 --record RECORD} and the given options (faults, latency). */
    public static EmulatorProcess start(Path dir, Path record, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        if (Files.isRegularFile(EMULATOR_JAR)) {
            args.addAll(List.of("-jar", EMULATOR_JAR.toString()));
        } else {
            args.addAll(List.of(
                    "-cp",
                    ChildJvm.DISPATCHER_JAR.toString(),
                    "-Dloader.main=io.signalranon.emulator.cli.EmulatorMain",
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        }
        args.addAll(List.of("--port", "0", "--record", record.toString()));
        args.addAll(List.of(options));
        ChildJvm jvm = ChildJvm.start(dir, Map.of(), args);
        if (!jvm.awaitLine(line -> line.startsWith("Endpoint="), 30)) {
            jvm.kill();
            throw new IllegalStateException("the emulator did not start:\n" + String.join("\n", jvm.output()));
        }
        String connection = jvm.output().stream()
                .filter(line -> line.startsWith("Endpoint="))
                .findFirst()
                .orElseThrow();
        return new EmulatorProcess(jvm, connection, record);
    }

    public String connectionString() {
        return connectionString;
    }

    /** The environment that points the dispatcher at this emulator. */
    public Map<String, String> env() {
        return Map.of("SIGNALR_CONNECTION_STRING", connectionString);
    }

    /** Stops the emulator (SIGTERM, which flushes the record) and returns the recorded messages, one JSON per line. */
    public List<String> stopAndReadRecord() throws IOException, InterruptedException {
        close();
        return Files.exists(record) ? Files.readAllLines(record) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.terminate();
        if (!jvm.process().waitFor(30, TimeUnit.SECONDS)) {
            jvm.kill();
        }
    }
}
