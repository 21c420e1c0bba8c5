package io.signalranon.emulator.cli;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.entra.Role;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.Latency;
import io.signalranon.emulator.limit.ServiceLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@code java -jar signalr-emulator.jar}, one annotated field each: picocli binds them
 * and generates the help from the names, value labels, descriptions and defaults declared here. To add
 * an option, add a field, read it in {@link #options}, and name it in a section of
 * {@link EmulatorCommandLine#SECTIONS}.
 *
 * <p>Two options delay REST calls and model different things: {@code --latency} is the service's own
 * answer time (part of the service's limits, with {@code --units}; the request thread is free while the
 * call waits), {@code --latency-ms} a fault (a sleep on the request thread, with its jitter drawn from the
 * seeded fault plan). Both at once would blur what a measurement shows, so they exclude each other.
 */
@Command(
        name = "java -jar signalr-emulator.jar",
        description = {
            "A local stand-in for Azure SignalR Service: REST data plane (v1 and 2022-06-01) and, on the same"
                    + " port, the client side (negotiate, WebSocket, JSON hub protocol). Prints its connection"
                    + " string on start; stop it with Ctrl-C or SIGTERM.",
            "Every option takes its value as --name=value or --name value."
        })
final class EmulatorCommand {

    /** Accepted messages kept in memory by the jar: fewer than an embedded emulator keeps. */
    static final int CLI_RETAIN = 100_000;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help and exit")
    boolean help;

    @Option(
            names = "--host",
            paramLabel = "H",
            defaultValue = "127.0.0.1",
            converter = OptionValues.NonEmpty.class,
            description = "address to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "" + SignalREmulator.DEFAULT_PORT,
            converter = OptionValues.Port.class,
            description = "port, 0 for any free one (default: ${DEFAULT-VALUE}, as Microsoft's local emulator)")
    int port;

    @Option(
            names = "--key",
            paramLabel = "K",
            converter = OptionValues.NonEmpty.class,
            description = "access key that signs and checks tokens (default: the well-known key of Microsoft's local"
                    + " emulator, in the printed connection string)")
    String key = SignalREmulator.DEFAULT_ACCESS_KEY;

    @Option(
            names = "--relaxed",
            description = "check token signatures only, not expiry and audience (as Microsoft's local emulator)")
    boolean relaxed;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            converter = OptionValues.FilePath.class,
            description = "append one JSON line per accepted message to FILE, truncated on start (default: none)")
    Path record;

    @Option(
            names = "--retain",
            paramLabel = "N",
            defaultValue = "" + CLI_RETAIN,
            converter = OptionValues.Count.class,
            description = "accepted messages kept in memory, older ones dropped (default: ${DEFAULT-VALUE})")
    int retain;

    @Option(
            names = "--negotiate",
            paramLabel = "FILE",
            converter = OptionValues.FilePath.class,
            description = "serve the anonymous negotiate endpoint that FILE describes (the negotiate.json of mvn"
                    + " signalr-anon:token) at /api/<route>; visitor cookies are signed with"
                    + " SIGNALR_ANON_VISITOR_KEYS (or the file SIGNALR_ANON_VISITOR_KEYS_FILE names), else a random"
                    + " development key (default: none)")
    Path negotiate;

    @Option(
            names = "--demo",
            description = "serve a demo page at / that connects as an anonymous visitor with a signed cookie (with no"
                    + " --negotiate: /api/negotiate, cookie sa_vid); /demo/visitor?id=ID signs a chosen id"
                    + " (development only)")
    boolean demo;

    @Option(
            names = "--entra",
            description = "REST calls need a Microsoft Entra ID token (RS256, audience https://signalr.azure.com, not"
                    + " expired) from this emulator's managed identity endpoint (printed on start with its"
                    + " IDENTITY_HEADER) or a trusted issuer; access-key tokens are refused; serves the temporary"
                    + " access key (GET /api/v1/auth/accessKey, 90 minutes) and POST"
                    + " /api/hubs/{hub}/:generateToken; client tokens must be signed with a temporary key named by"
                    + " their kid")
    boolean entra;

    @Option(
            names = "--entra-keys",
            paramLabel = "FILE",
            converter = OptionValues.FilePath.class,
            description = "also trust the issuer keys in FILE: a JWKS, or a PEM public key or certificate (implies"
                    + " --entra)")
    Path entraKeys;

    @Option(
            names = "--entra-role",
            paramLabel = "ROLE",
            defaultValue = "service-owner",
            converter = OptionValues.RoleValue.class,
            completionCandidates = OptionValues.RoleNames.class,
            description = "the role every identity holds: service-owner (everything), rest-api-owner (no access key)"
                    + " or app-server (no REST sends) (default: ${DEFAULT-VALUE}; implies --entra)")
    Role entraRole;

    @Option(
            names = "--entra-token-lifetime",
            paramLabel = "S",
            defaultValue = "3600",
            converter = OptionValues.Seconds.class,
            description = "lifetime of the identity endpoint's tokens in seconds (default: ${DEFAULT-VALUE}; implies"
                    + " --entra)")
    int entraTokenLifetime;

    @Option(
            names = "--units",
            paramLabel = "N",
            defaultValue = "0",
            converter = OptionValues.Count.class,
            description = "allow N x 1000 REST calls per second (a token bucket holding one second of calls), answer"
                    + " 429 beyond; 0 for no rate limit (default: ${DEFAULT-VALUE})")
    int units;

    @Option(
            names = "--retry-after",
            description = "the 429s of --units carry Retry-After: the whole seconds until the next call is allowed")
    boolean retryAfter;

    @Option(
            names = "--latency",
            paramLabel = "MS|MIN..MAX",
            defaultValue = "0",
            converter = OptionValues.LatencyValue.class,
            description = "models the service's answer time: every REST call (throttled ones included) is answered"
                    + " MS ms after it arrives, or after a time drawn uniformly from MIN..MAX ms for each call; the"
                    + " request thread is free meanwhile, so many calls can wait at once, as with a remote service"
                    + " (default: ${DEFAULT-VALUE}, none; not with --latency-ms)")
    Latency latency;

    @Option(
            names = "--fault-429",
            paramLabel = "R",
            defaultValue = "0",
            converter = OptionValues.Rate.class,
            description = "share of requests answered 429 with Retry-After: 1 (default: ${DEFAULT-VALUE})")
    double fault429;

    @Option(
            names = "--fault-429-no-retry-after",
            paramLabel = "R",
            defaultValue = "0",
            converter = OptionValues.Rate.class,
            description = "share of requests answered 429 without Retry-After (default: ${DEFAULT-VALUE})")
    double fault429NoRetryAfter;

    @Option(
            names = "--fault-503",
            paramLabel = "R",
            defaultValue = "0",
            converter = OptionValues.Rate.class,
            description = "share of requests answered 503 (default: ${DEFAULT-VALUE})")
    double fault503;

    @Option(
            names = "--fault-500",
            paramLabel = "R",
            defaultValue = "0",
            converter = OptionValues.Rate.class,
            description = "share of requests answered 500 (default: ${DEFAULT-VALUE})")
    double fault500;

    @Option(
            names = "--fault-drop",
            paramLabel = "R",
            defaultValue = "0",
            converter = OptionValues.Rate.class,
            description = "share of requests whose connection is closed without an answer (default: ${DEFAULT-VALUE})")
    double faultDrop;

    @Option(
            names = "--latency-ms",
            paramLabel = "N",
            defaultValue = "0",
            converter = OptionValues.Millis.class,
            description = "a fault: every REST request sleeps a fixed N ms on its request thread before it is handled"
                    + " or faulted, so concurrent calls hold as many of the emulator's threads (default: ${DEFAULT-VALUE}; not with"
                    + " --latency)")
    Duration latencyMs;

    @Option(
            names = "--latency-jitter-ms",
            paramLabel = "N",
            defaultValue = "0",
            converter = OptionValues.Millis.class,
            description = "a fault: a random 0..N ms on top of --latency-ms, drawn from the seeded random sequence"
                    + " (default: ${DEFAULT-VALUE}; not with --latency)")
    Duration latencyJitterMs;

    @Option(
            names = "--fail-first",
            paramLabel = "USER:N:S",
            converter = OptionValues.FailFirst.class,
            description = "the first N requests about USER get status S (0 = the connection is dropped); repeatable,"
                    + " once per user")
    List<FaultPlan.FailFirst> failFirst = new ArrayList<>();

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            converter = OptionValues.Seed.class,
            description = "seed of the fault plan's random draws, for reproducible runs (default: ${DEFAULT-VALUE})")
    long seed;

    /**
     * The options as the emulator takes them, checked across options.
     *
     * @param parsed what picocli matched, to tell an option given from its default
     * @throws UsageException naming the broken rule
     */
    EmulatorOptions options(ParseResult parsed) {
        return new EmulatorOptions(
                host,
                port,
                key,
                !relaxed,
                record,
                retain,
                faultPlan(),
                negotiate,
                demo,
                ServiceLimits.units(units).withRetryAfter(retryAfter).withLatency(latency),
                entraMode(parsed));
    }

    private FaultPlan faultPlan() {
        if (!latency.isZero() && !(latencyMs.isZero() && latencyJitterMs.isZero())) {
            throw new UsageException("--latency and --latency-ms/--latency-jitter-ms both delay every REST call:"
                    + " give --latency for the service's answer time (threads free while waiting) or --latency-ms"
                    + " for a fault that sleeps on the request thread, not both");
        }
        FaultPlan.Builder plan = FaultPlan.builder()
                .seed(seed)
                .throttleWithRetryAfter(fault429)
                .throttle(fault429NoRetryAfter)
                .unavailable(fault503)
                .serverError(fault500)
                .drop(faultDrop)
                .latency(latencyMs)
                .latencyJitter(latencyJitterMs);
        List<String> users = new ArrayList<>();
        for (FaultPlan.FailFirst rule : failFirst) {
            if (users.contains(rule.userId())) {
                throw new UsageException("--fail-first names user '" + rule.userId() + "' twice");
            }
            users.add(rule.userId());
            plan.failFirst(rule.userId(), rule.attempts(), rule.status());
        }
        double total = fault429 + fault429NoRetryAfter + fault503 + fault500 + faultDrop;
        if (total > 1.0 + 1e-9) {
            throw new UsageException("the --fault-* rates must add up to at most 1, got " + total);
        }
        return plan.build();
    }

    /** Entra mode when {@code --entra} or any {@code --entra-*} option is given, else {@code null}. */
    private @Nullable EntraMode entraMode(ParseResult parsed) {
        boolean given = parsed.matchedOptions().stream()
                .anyMatch(option -> option.longestName().startsWith("--entra"));
        if (!given) {
            return null;
        }
        return EntraMode.defaults()
                .withIssuerKeys(entraKeys)
                .withRole(entraRole)
                .withTokenLifetime(Duration.ofSeconds(entraTokenLifetime));
    }
}
