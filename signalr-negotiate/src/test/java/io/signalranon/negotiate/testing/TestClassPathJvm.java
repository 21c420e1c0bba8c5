package io.signalranon.negotiate.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a main class of the test class path in a JVM of its own, with environment variables (what
 * azure-identity's managed identity reads only from the process environment) and, to play an
 * application without a library, class path entries left out. For the Entra ID tests of the delivery
 * forms of negotiate.
 */
public final class TestClassPathJvm {

    private TestClassPathJvm() {}

    /** The exit code and the output (stdout and stderr merged) of a run. */
    public record Result(int exitCode, String output) {}

    /**
     * Runs {@code mainClass} to its end (at most 2 minutes).
     *
     * @param leftOut class path entries whose path contains one of these are left out, e.g.
     *     {@code signalr-client-entra}
     */
    public static Result run(Class<?> mainClass, Map<String, String> environment, List<String> leftOut)
            throws IOException, InterruptedException {
        String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> leftOut.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                mainClass.getName());
        Path output = Files.createTempFile("child-jvm", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("SIGNALR_CONNECTION_STRING");
        builder.environment().remove("AzureSignalRConnectionString");
        builder.environment().remove("IDENTITY_ENDPOINT");
        builder.environment().remove("IDENTITY_HEADER");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("did not end within 2 minutes: " + mainClass.getName() + "\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Surefire's test class path (its own {@code java.class.path} may be a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
