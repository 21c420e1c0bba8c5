package io.signalranon.emulator.cli;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.entra.Role;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.Latency;
import io.signalranon.emulator.limit.ServiceLimits;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The command line of the emulator jar, parsed.
 *
 * @param help whether {@code --help} was given
 * @param host address to listen on
 * @param port port, 0 for any free one
 * @param accessKey the access key
 * @param strict whether token expiry and audience are checked
 * @param record NDJSON file of accepted messages, or {@code null}
 * @param retain accepted messages kept in memory
 * @param faultPlan faults to inject
 * @param negotiate the plugin's {@code negotiate.json} for the anonymous negotiate endpoint, or {@code null}
 * @param demo whether the demo page is served
 * @param limits the service's limits to model (units, latency)
 * @param entra Entra ID only (local authentication disabled), or {@code null}
 */
public record EmulatorOptions(
        boolean help,
        String host,
        int port,
        String accessKey,
        boolean strict,
        Path record,
        int retain,
        FaultPlan faultPlan,
        Path negotiate,
        boolean demo,
        ServiceLimits limits,
        EntraMode entra) {

    /** Usage text for {@code --help}. */
    public static final String USAGE = """
            Usage: java -jar signalr-emulator.jar [options]

            A local stand-in for Azure SignalR Service: REST data plane (v1 and 2022-06-01) and,
            on the same port, the client side (negotiate, WebSocket, JSON hub protocol).
            Prints its connection string on start; stop it with Ctrl-C or SIGTERM.

            Options:
              --host H                  address to listen on (default 127.0.0.1; 0.0.0.0 for all)
              --port N                  port, 0 for any free one (default 8888)
              --key K                   access key (default: the well-known emulator key)
              --relaxed                 check token signatures only, not expiry and audience
              --record FILE             append one JSON line per accepted message to FILE (truncated on start)
              --retain N                accepted messages kept in memory (default 100000)
              --negotiate FILE          serve the anonymous negotiate endpoint that FILE describes
                                        (the negotiate.json of mvn signalr-anon:token) at /api/<route>;
                                        visitor cookies are signed with SIGNALR_ANON_VISITOR_KEYS (or the
                                        file SIGNALR_ANON_VISITOR_KEYS_FILE names), else a random
                                        development key
              --demo                    serve a demo page at / that connects as an anonymous visitor with
                                        a signed cookie (with no --negotiate: /api/negotiate, signed
                                        cookie sa_vid); /demo/visitor?id=ID signs a chosen id
                                        (development only)
              --help                    print this help

            Entra ID (a service with local authentication disabled):
              --entra                   REST calls need a Microsoft Entra ID token (RS256, audience
                                        https://signalr.azure.com, not expired) from this emulator's managed
                                        identity endpoint (printed on start with its IDENTITY_HEADER) or a
                                        trusted issuer; access-key tokens are refused; serves the temporary
                                        access key (GET /api/v1/auth/accessKey, 90 minutes) and
                                        POST /api/hubs/{hub}/:generateToken; client tokens must be signed
                                        with a temporary key named by their kid
              --entra-keys=FILE         also trust the issuer keys in FILE: a JWKS or a PEM public key or
                                        certificate (implies --entra)
              --entra-role=ROLE         the role every identity holds: service-owner (default),
                                        rest-api-owner (no access key) or app-server (no REST sends)
                                        (implies --entra)
              --entra-token-lifetime=S  lifetime of the identity endpoint's tokens in seconds (default 3600)
                                        (implies --entra)

            The service's limits (on successful and throttled answers alike):
              --units=N                 allow N x 1000 REST calls per second (token bucket of one second), 429 beyond
              --retry-after             429s for --units carry Retry-After (seconds until the next allowed call)
              --latency=MS | MIN..MAX   answer every call after MS ms, or after a uniform MIN..MAX ms,
                                        without holding a request thread

            Fault injection (rates are shares of requests, 0 to 1, adding up to at most 1):
              --fault-429=R             answer 429 with Retry-After: 1
              --fault-429-no-retry-after=R
                                        answer 429 without Retry-After
              --fault-503=R             answer 503
              --fault-500=R             answer 500
              --fault-drop=R            close the connection without an answer
              --latency-ms=N            add N ms to every request
              --latency-jitter-ms=N     add a random 0..N ms on top
              --fail-first=USER:N:S     the first N requests about USER get status S (0 = drop); repeatable
              --seed=N                  seed of the random draws (default 0)
            Faulted requests are not accepted messages; health checks are never faulted.
            Every option also takes the form --name=value.
            """;

    private static final int CLI_RETAIN = 100_000;
    private static final Set<String> FLAGS = Set.of("--help", "-h", "--relaxed", "--demo", "--retry-after", "--entra");
    private static final Set<String> VALUED = Set.of(
            "--host",
            "--port",
            "--key",
            "--record",
            "--negotiate",
            "--retain",
            "--seed",
            "--fault-429",
            "--fault-429-no-retry-after",
            "--fault-503",
            "--fault-500",
            "--fault-drop",
            "--latency-ms",
            "--latency-jitter-ms",
            "--fail-first",
            "--units",
            "--latency",
            "--entra-keys",
            "--entra-role",
            "--entra-token-lifetime");

    public EmulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(faultPlan, "faultPlan");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    public static EmulatorOptions parse(String... args) {
        boolean help = false;
        String host = "127.0.0.1";
        int port = SignalREmulator.DEFAULT_PORT;
        String key = SignalREmulator.DEFAULT_ACCESS_KEY;
        boolean strict = true;
        Path record = null;
        int retain = CLI_RETAIN;
        FaultPlan.Builder faults = FaultPlan.builder();
        Path negotiate = null;
        boolean demo = false;
        ServiceLimits limits = ServiceLimits.NONE;
        EntraMode entra = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean flag = FLAGS.contains(name);
            if (!flag && !VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (see --help)");
            }
            String value = null;
            if (!flag) {
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(name + " needs a value");
                }
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--relaxed" -> strict = false;
                case "--demo" -> demo = true;
                case "--negotiate" -> negotiate = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = integer(name, value);
                case "--key" -> key = value;
                case "--record" -> record = Path.of(value);
                case "--retain" -> retain = integer(name, value);
                case "--seed" -> faults.seed(longValue(name, value));
                case "--fault-429" -> faults.throttleWithRetryAfter(rate(name, value));
                case "--fault-429-no-retry-after" -> faults.throttle(rate(name, value));
                case "--fault-503" -> faults.unavailable(rate(name, value));
                case "--fault-500" -> faults.serverError(rate(name, value));
                case "--fault-drop" -> faults.drop(rate(name, value));
                case "--latency-ms" -> faults.latency(Duration.ofMillis(integer(name, value)));
                case "--latency-jitter-ms" -> faults.latencyJitter(Duration.ofMillis(integer(name, value)));
                case "--fail-first" -> failFirst(faults, value);
                case "--units" ->
                    limits = ServiceLimits.units(integer(name, value))
                            .withRetryAfter(limits.retryAfter())
                            .withLatency(limits.latency());
                case "--retry-after" -> limits = limits.withRetryAfter(true);
                case "--latency" -> limits = limits.withLatency(Latency.parse(value));
                case "--entra" -> entra = entra == null ? EntraMode.defaults() : entra;
                case "--entra-keys" ->
                    entra = (entra == null ? EntraMode.defaults() : entra).withIssuerKeys(Path.of(value));
                case "--entra-role" -> entra = (entra == null ? EntraMode.defaults() : entra).withRole(Role.of(value));
                case "--entra-token-lifetime" -> {
                    int seconds = integer(name, value);
                    if (seconds < 1) {
                        throw new IllegalArgumentException(name + " must be at least 1 second, got " + seconds);
                    }
                    entra = (entra == null ? EntraMode.defaults() : entra)
                            .withTokenLifetime(Duration.ofSeconds(seconds));
                }
                default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
            }
        }
        return new EmulatorOptions(
                help, host, port, key, strict, record, retain, faults.build(), negotiate, demo, limits, entra);
    }

    /** The options with the access key masked. */
    @Override
    public String toString() {
        return "EmulatorOptions[help=" + help + ", host=" + host + ", port=" + port + ", accessKey=***, strict="
                + strict + ", record=" + record + ", retain=" + retain + ", faultPlan=" + faultPlan + ", negotiate="
                + negotiate + ", demo=" + demo + ", units=" + limits.units() + ", retryAfter=" + limits.retryAfter()
                + ", latency=" + limits.latency() + ", entra=" + entra + "]";
    }

    /**
     * A builder of the emulator these options describe.
     *
     * @throws IllegalArgumentException when the negotiate file cannot be read or is not a negotiate.json, or
     *     the visitor keys in the environment are malformed
     */
    public SignalREmulator.Builder emulator() {
        return SignalREmulator.builder()
                .negotiate(negotiate == null ? null : NegotiateSettings.read(negotiate))
                .visitorKeys(VisitorKeys.fromEnvironment(System::getenv).orElse(null))
                .demo(demo)
                .host(host)
                .port(port)
                .accessKey(accessKey)
                .strict(strict)
                .recordTo(record)
                .retain(retain)
                .faultPlan(faultPlan)
                .limits(limits)
                .entra(entra);
    }

    private static void failFirst(FaultPlan.Builder faults, String value) {
        int last = value.lastIndexOf(':');
        int middle = last > 0 ? value.lastIndexOf(':', last - 1) : -1;
        if (middle <= 0) {
            throw new IllegalArgumentException("--fail-first must be USER:N:STATUS, got '" + value + "'");
        }
        faults.failFirst(
                value.substring(0, middle),
                integer("--fail-first attempts", value.substring(middle + 1, last)),
                integer("--fail-first status", value.substring(last + 1)));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static double rate(String name, String value) {
        try {
            double rate = Double.parseDouble(value.trim());
            if (rate >= 0 && rate <= 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to 1, got '" + value + "'");
    }
}
