package io.signalranon.emulator.cli;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.auth.AccessTokenCheck;
import io.signalranon.emulator.entra.EntraMode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar signalr-emulator.jar}: starts the emulator, prints its connection string, logs
 * a count of accepted messages every few seconds while it changes, and stops cleanly on SIGTERM or
 * Ctrl-C. Exit code 2 for invalid usage ({@link EmulatorCommandLine}: one line, no stack trace) or a port
 * that cannot be bound.
 */
public final class EmulatorMain {

    private static final int USAGE_ERROR = 2;
    private static final long PROGRESS_SECONDS = 5;

    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        EmulatorOptions options;
        SignalREmulator emulator;
        try {
            EmulatorCommandLine.Invocation invocation = EmulatorCommandLine.parse(args);
            if (invocation instanceof EmulatorCommandLine.Usage usage) {
                System.out.print(usage.text());
                System.out.flush();
                return;
            }
            options = ((EmulatorCommandLine.Start) invocation).options();
            emulator = options.emulator().build().start();
        } catch (RuntimeException e) {
            System.err.println("signalr-emulator: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(USAGE_ERROR);
            return;
        }
        run(emulator, options, System.out);
    }

    /** Signs and checks one client token, so that the first visitor does not wait for class loading. */
    private static void warmUp(SignalREmulator emulator) {
        ConnectionString connection = ConnectionString.parse(emulator.connectionString());
        String token = new AccessTokens(connection)
                .forClient("offers", "warm-up", Duration.ofMinutes(1))
                .accessToken();
        String accessKey = Objects.requireNonNull(connection.accessKey(), "the warm-up is for an access key");
        new AccessTokenCheck(accessKey, true, Clock.systemUTC()).check(token, audience -> true, "any");
    }

    private static void run(SignalREmulator emulator, EmulatorOptions options, PrintStream out)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "signalr-emulator-progress");
            thread.setDaemon(true);
            return thread;
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            progress.shutdownNow();
                            emulator.close();
                            out.println("signalr-emulator stopped: " + emulator.acceptedCount() + " messages accepted, "
                                    + emulator.requestCount() + " requests");
                            out.flush();
                            stopped.countDown();
                        },
                        "signalr-emulator-shutdown"));
        out.println("signalr-emulator listening on http://" + emulator.host() + ":" + emulator.port()
                + (emulator.strict() ? "" : " (relaxed: token expiry and audience not checked)")
                + (options.faultPlan().isNone() ? "" : " with fault injection"));
        out.println(emulator.connectionString());
        EntraMode entra = options.entra();
        if (entra != null) {
            out.println("Entra ID only (local authentication disabled); its managed identity endpoint:");
            out.println("IDENTITY_ENDPOINT=" + emulator.identityEndpoint());
            out.println("IDENTITY_HEADER=" + entra.identitySecret());
        }
        if (emulator.negotiateUrl() != null) {
            out.println("anonymous negotiate: " + emulator.negotiateUrl() + "/negotiate");
            emulator.negotiateWarnings().forEach(warning -> out.println("warning: " + warning));
        }
        if (emulator.demo()) {
            out.println("demo page: http://localhost:" + emulator.port() + "/ (development only: /demo/visitor?id=ID"
                    + " signs a chosen visitor id)");
        }
        out.flush();
        if (!emulator.entra()) {
            progress.execute(() -> warmUp(emulator));
        }
        long[] last = {0};
        progress.scheduleAtFixedRate(
                () -> {
                    long count = emulator.acceptedCount();
                    if (count != last[0]) {
                        out.println("accepted " + count + " messages (+" + (count - last[0]) + "), "
                                + emulator.requestCount() + " requests");
                        last[0] = count;
                    }
                    emulator.flush();
                },
                PROGRESS_SECONDS,
                PROGRESS_SECONDS,
                TimeUnit.SECONDS);
        stopped.await();
    }
}
