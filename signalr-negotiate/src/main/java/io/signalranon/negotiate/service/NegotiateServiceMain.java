package io.signalranon.negotiate.service;

import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateEndpoints;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar signalr-negotiate.jar --negotiate=negotiate.json [--port=8080]}: the anonymous
 * negotiate endpoint for production. Exit code 2 for invalid usage or configuration (no visitor keys
 * for signed cookies, no connection string, an invalid negotiate.json, a port that cannot be bound);
 * 143 (128 + SIGTERM, as any JVM) after a graceful stop on SIGTERM.
 */
@Command(
        name = "signalr-negotiate",
        mixinStandardHelpOptions = true,
        version = "signalr-negotiate 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Serves POST /api/<route> (and its CORS preflight) as negotiate.json describes it, and GET /health.",
            "",
            "Environment: SIGNALR_CONNECTION_STRING (else AzureSignalRConnectionString) signs client tokens;"
                    + " SIGNALR_ANON_VISITOR_KEYS=kid:<base64>[,kid:<base64>] (or SIGNALR_ANON_VISITOR_KEYS_FILE"
                    + " naming a file) signs and checks visitor cookies.",
        })
public final class NegotiateServiceMain implements Callable<Integer> {

    private static final int CONFIGURATION_ERROR = 2;

    @Option(
            names = "--negotiate",
            required = true,
            paramLabel = "FILE",
            description = "negotiate.json: hub, route, userId source, allowedOrigins, token lifetime, rate limit.")
    private Path negotiate;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description = "Port to serve on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            paramLabel = "ADDRESS",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(
            names = "--trust-forwarded-for",
            description = "Rate-limit by the last X-Forwarded-For entry (behind one proxy that appends it),"
                    + " not by the connection's address.")
    private boolean trustForwardedFor;

    @Option(
            names = "--stop-timeout",
            defaultValue = "PT10S",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long negotiates in flight may take to finish at SIGTERM (default: ${DEFAULT-VALUE}).")
    private Duration stopTimeout;

    private final Function<String, @Nullable String> environment;
    private final PrintWriter out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile @Nullable NegotiateServer server;

    NegotiateServiceMain(Function<String, @Nullable String> environment, PrintWriter out) {
        this.environment = environment;
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        NegotiateServiceMain main = new NegotiateServiceMain(System::getenv, new PrintWriter(System.out, true));
        Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "signalr-negotiate-shutdown"));
        int code = commandLine(main).execute(args);
        System.exit(code);
    }

    static CommandLine commandLine(NegotiateServiceMain main) {
        return new CommandLine(main).setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("signalr-negotiate: " + e.getMessage());
            line.getErr().flush();
            return CONFIGURATION_ERROR;
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        NegotiateEndpoint endpoint = endpoint();
        NegotiateServer started = NegotiateServer.start(endpoint, host, port, trustForwardedFor, stopTimeout);
        server = started;
        NegotiateSettings settings = endpoint.settings();
        out.println("signalr-negotiate listening on http://" + host + ":" + started.port() + settings.path() + " (hub "
                + settings.hub() + ", visitor id from " + settings.userId() + ", health: /health)");
        endpoint.startWarnings().forEach(warning -> out.println("warning: " + warning));
        out.flush();
        started.join();
        stopped.await();
        return 0;
    }

    private NegotiateEndpoint endpoint() {
        NegotiateSettings settings;
        try {
            settings = NegotiateSettings.read(negotiate);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!settings.userId().trustsTheCaller()
                && VisitorKeys.fromEnvironment(environment).isEmpty()) {
            throw new IllegalArgumentException("no visitor keys: negotiate signs visitor cookies ("
                    + settings.userId() + "), so set " + VisitorKeys.ENVIRONMENT_VARIABLE
                    + "=kid:<base64 key of at least 32 bytes> (for example: kid1:$(openssl rand -base64 32)) or "
                    + VisitorKeys.FILE_ENVIRONMENT_VARIABLE + " naming a file that holds it");
        }
        if (ClientTokenIssuers.connectionStringFrom(environment).isEmpty()) {
            throw new IllegalArgumentException(
                    "no connection string: set " + String.join(" or ", ClientTokenIssuers.CONNECTION_STRING_VARIABLES));
        }
        return NegotiateEndpoints.fromEnvironment(settings, environment);
    }

    /** Stops the server gracefully (SIGTERM, Ctrl-C) and lets {@link #call()} return. */
    void stop() {
        NegotiateServer running = server;
        if (running != null) {
            running.close();
            out.println("signalr-negotiate stopped: " + running.negotiateCount() + " negotiates answered");
            out.flush();
            stopped.countDown();
        }
    }

    /** Reads ISO-8601 durations ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Duration.parse(value);
        }
    }
}
