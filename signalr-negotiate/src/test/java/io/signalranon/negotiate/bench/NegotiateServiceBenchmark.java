package io.signalranon.negotiate.bench;

import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateRequest;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of {@code signalr-negotiate.jar} on this machine, run on demand
 * ({@code ./mvnw -pl signalr-negotiate -am verify -Pbenchmark -DskipTests}): the service in its own
 * process with the rate limit raised, a client in this one. Per concurrency: returning visitors (a
 * valid cookie), new visitors (no cookie) and, as the baseline, {@code GET /health} over the same
 * HTTP stack: negotiates/s, p50/p99 latency, the ratio to the baseline, and the service's CPU per
 * request from {@code /proc}. Then the library alone: CPU per {@code NegotiateEndpoint.handle}.
 */
public final class NegotiateServiceBenchmark {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private NegotiateServiceBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int requests = Integer.parseInt(args[1]);
        int[] concurrencies =
                Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.println("load average at start: " + loadAverage());
        Path dir = Files.createTempDirectory("negotiate-bench");
        Path settings = dir.resolve("negotiate.json");
        Files.writeString(settings, """
                {"hub": "offers", "rateLimit": {"perSecond": 1000000, "burst": 1000000}}
                """);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--negotiate=" + settings,
                        "--port=0",
                        "--host=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().put("SIGNALR_CONNECTION_STRING", NegotiateContract.CONNECTION_STRING);
        builder.environment().put("SIGNALR_ANON_VISITOR_KEYS", NegotiateContract.VISITOR_KEYS);
        builder.environment().remove("SIGNALR_ANON_VISITOR_KEYS_FILE");
        Process service = builder.start();
        try {
            int port = awaitPort(service, dir.resolve("service.log"));
            String cookie = "sa_vid="
                    + new VisitorCookies(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                            .sign("web-14575006", Instant.now().plusSeconds(86_400));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI negotiate = URI.create("http://127.0.0.1:" + port + "/api/negotiate");
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            HttpRequest returning = HttpRequest.newBuilder(negotiate)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .header("Cookie", cookie)
                    .build();
            HttpRequest fresh = HttpRequest.newBuilder(negotiate)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            HttpRequest probe = HttpRequest.newBuilder(health).build();
            run(http, returning, 200, Math.min(requests, 5_000), 8, service.pid()); // warm-up
            run(http, probe, 200, Math.min(requests, 5_000), 8, service.pid());
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %5s %9s %8s %8s %10s %12s%n",
                    "request",
                    "conc",
                    "per s",
                    "p50 ms",
                    "p99 ms",
                    "of health",
                    "CPU us/req");
            for (int concurrency : concurrencies) {
                Result baseline = run(http, probe, 200, requests, concurrency, service.pid());
                print("GET /health", concurrency, baseline, baseline);
                print(
                        "negotiate, cookie",
                        concurrency,
                        run(http, returning, 200, requests, concurrency, service.pid()),
                        baseline);
                print(
                        "negotiate, new visitor",
                        concurrency,
                        run(http, fresh, 200, requests, concurrency, service.pid()),
                        baseline);
            }
        } finally {
            service.toHandle().destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        libraryAlone(requests);
        System.out.println("load average at end: " + loadAverage());
    }

    /** CPU per call of the library's endpoint on one thread: no HTTP. */
    private static void libraryAlone(int requests) {
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(
                        NegotiateSettings.parse(
                                "{\"hub\": \"offers\", \"rateLimit\": {\"perSecond\": 1000000, \"burst\": 1000000}}"),
                        ClientTokenIssuers.forConnectionString(
                                ConnectionString.parse(NegotiateContract.CONNECTION_STRING)))
                .visitorKeys(VisitorKeys.parse(NegotiateContract.VISITOR_KEYS))
                .build();
        String cookie = "sa_vid=" + endpoint.signVisitor("web-14575006");
        NegotiateRequest returning = NegotiateRequest.builder("POST", "127.0.0.1")
                .header("Cookie", cookie)
                .build();
        NegotiateRequest fresh = NegotiateRequest.builder("POST", "127.0.0.1").build();
        var threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            for (NegotiateRequest request : List.of(returning, fresh)) {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < requests; i++) {
                    if (endpoint.handle(request).status() != 200) {
                        throw new IllegalStateException("the endpoint refused a negotiate");
                    }
                }
                double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1_000.0 / requests;
                if (round == 1) {
                    System.out.printf(
                            Locale.ROOT,
                            "library alone, %s: %.1f us CPU per negotiate (%d calls, one thread)%n",
                            request == returning ? "cookie" : "new visitor",
                            micros,
                            requests);
                }
            }
        }
    }

    private record Result(double perSecond, double p50Millis, double p99Millis, double cpuMicrosPerRequest) {}

    private static void print(String name, int concurrency, Result result, Result baseline) {
        System.out.printf(
                Locale.ROOT,
                "%-22s %5d %9.0f %8.2f %8.2f %10.2f %12.1f%n",
                name,
                concurrency,
                result.perSecond(),
                result.p50Millis(),
                result.p99Millis(),
                result.perSecond() / baseline.perSecond(),
                result.cpuMicrosPerRequest());
    }

    private static Result run(HttpClient http, HttpRequest request, int status, int count, int concurrency, long pid)
            throws Exception {
        long[] latencies = new long[count];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long cpuBefore = cpuTicks(pid);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[i] = System.nanoTime() - sent;
                    if (response.statusCode() != status) {
                        throw new IllegalStateException("status " + response.statusCode() + " for " + request.uri()
                                + ": " + new String(response.body()));
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        long cpuTicks = cpuTicks(pid) - cpuBefore;
        Arrays.sort(latencies);
        return new Result(
                count * 1e9 / elapsed,
                latencies[count / 2] / 1e6,
                latencies[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6,
                cpuTicks * 1e6 / CLOCK_TICKS_PER_SECOND / count);
    }

    /** utime + stime of a process, in clock ticks, from /proc/PID/stat. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static int awaitPort(Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && service.isAlive()) {
            Matcher matcher = LISTENING.matcher(Files.readString(log));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the negotiate service did not start: " + Files.readString(log));
    }
}
