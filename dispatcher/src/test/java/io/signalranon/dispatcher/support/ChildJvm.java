package io.signalranon.dispatcher.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A process started from a jar, with its output (stdout and stderr merged) collected line by line. */
public final class ChildJvm {

    /** The dispatcher's fat jar, built by {@code package}. */
    public static final Path DISPATCHER_JAR = Path.of("target/dispatcher.jar").toAbsolutePath();

    /** The fat jar extracted, and the class data sharing archive of a run, both made before the integration tests. */
    private static final Path EXTRACTED_JAR =
            Path.of("target/cds/app/dispatcher.jar").toAbsolutePath();

    private static final Path ARCHIVE = Path.of("target/cds/dispatcher.jsa").toAbsolutePath();

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    private ChildJvm(Process process) {
        this.process = process;
        this.pump = new Thread(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code java [jvmOptions] ARGS} in {@code dir} with extra environment variables.
     */
    public static ChildJvm start(Path dir, Map<String, String> env, List<String> jvmArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"));
        command.addAll(jvmArgs);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().remove("SIGNALR_CONNECTION_STRING");
        builder.environment().remove("AzureSignalRConnectionString");
        builder.environment().putAll(env);
        return new ChildJvm(builder.start());
    }

    /** Starts the dispatcher jar with {@code -Dname=value} settings and command-line arguments. */
    public static ChildJvm dispatcher(Path dir, Map<String, String> env, Map<String, String> settings, String... args)
            throws IOException {
        List<String> jvmArgs = new ArrayList<>();
        settings.forEach((name, value) -> jvmArgs.add("-D" + name + "=" + value));
        jvmArgs.addAll(launch());
        jvmArgs.addAll(List.of(args));
        return start(dir, env, jvmArgs);
    }

    /**
     * The extracted jar with its archive where the build made them from the current fat jar (a start then takes
     * about a third of the time; the JVM's own log is off so that a stale archive cannot add a line to the
     * output), else the fat jar.
     */
    private static List<String> launch() throws IOException {
        boolean archived = Files.isRegularFile(ARCHIVE)
                && Files.isRegularFile(EXTRACTED_JAR)
                && Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(DISPATCHER_JAR)) > 0;
        return archived
                ? List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:disable", "-jar", EXTRACTED_JAR.toString())
                : List.of("-jar", DISPATCHER_JAR.toString());
    }

    /** Runs the dispatcher to its end (at most 3 minutes) and returns its exit code and output. */
    public static Result run(Path dir, Map<String, String> env, Map<String, String> settings, String... args)
            throws IOException, InterruptedException {
        return dispatcher(dir, env, settings, args).waitFor(180);
    }

    /** Waits for the end and returns the exit code and output. */
    public Result waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("process did not end within " + seconds + " s:\n" + String.join("\n", output()));
        }
        pump.join(10_000);
        return new Result(process.exitValue(), output());
    }

    /** Waits until a line matches, at most {@code seconds}. */
    public boolean awaitLine(Predicate<String> match, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (lines.stream().noneMatch(match)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && lines.stream().noneMatch(match)) {
                    return lines.stream().anyMatch(match);
                }
                lines.wait(Math.min(left, 200));
            }
            return true;
        }
    }

    /** The lines so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, keeping the output pipe open ({@link Process#destroy} closes it, losing what follows). */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL, and waits for the end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        pump.join(10_000);
    }

    /** How a process ended. */
    public record Result(int exitCode, List<String> output) {

        public String text() {
            return String.join("\n", output);
        }
    }
}
