package io.signalranon.emulator.bench;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.testclient.HubClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connects C hub clients (each: service negotiate, WebSocket, handshake) to the emulator jar started
 * in its own JVM, then sends N user-targeted REST messages round-robin over them with
 * {@link SignalRRestClient} and prints the connect time and the delivery latency (REST call start to
 * the invocation record's arrival at the client), median and p99. Run on demand with
 * {@code signalr-emulator/bench/latency.sh}; not part of the build.
 *
 * <p>Arguments: {@code JAR [CLIENTS] [SENDS] [CONCURRENCY]}, e.g. {@code target/signalr-emulator.jar 1000 10000 32}.
 */
public final class DeliveryLatencyBenchmark {

    private static final Pattern SENT_AT = Pattern.compile("\"sentAt\":(\\d+)");

    private DeliveryLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/signalr-emulator.jar");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int sends = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        System.out.printf(
                "cores=%d clients=%d sends=%d concurrency=%d java=%s%n",
                Runtime.getRuntime().availableProcessors(),
                clients,
                sends,
                concurrency,
                System.getProperty("java.version"));
        Process emulator = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--port",
                        "0",
                        "--retain",
                        "0")
                .redirectErrorStream(true)
                .start();
        List<HubClient> connected = new ArrayList<>();
        try {
            ConnectionString connection = ConnectionString.parse(connectionString(emulator));
            AccessTokens tokens = new AccessTokens(connection);
            HttpClient http = HttpClient.newHttpClient();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            CountDownLatch delivered = new CountDownLatch(sends);
            HubClient.Builder builder = HubClient.builder()
                    .httpClient(http)
                    .keepAliveInterval(Duration.ofSeconds(10))
                    .recordListener(record -> {
                        long now = System.nanoTime();
                        Matcher sentAt = SENT_AT.matcher(record);
                        if (sentAt.find()) {
                            latencies.add(now - Long.parseLong(sentAt.group(1)));
                            delivered.countDown();
                        }
                    });

            warmUp(builder, tokens, connection);
            long[] connectNanos = new long[clients];
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<HubClient>> connecting = new ArrayList<>();
            long connectStart = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                int index = i;
                connecting.add(pool.submit(() -> {
                    NegotiateResponse negotiate = tokens.forClient("offers", "visitor-" + index, Duration.ofHours(1));
                    long start = System.nanoTime();
                    HubClient client = builder.connect(negotiate.url(), negotiate.accessToken());
                    connectNanos[index] = System.nanoTime() - start;
                    return client;
                }));
            }
            for (Future<HubClient> client : connecting) {
                connected.add(client.get());
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            System.out.printf(
                    "connect (negotiate -> handshake), %d clients, %d at a time: median %s, p99 %s, max %s;"
                            + " %.0f connects/s%n",
                    clients,
                    concurrency,
                    millis(percentile(connectNanos, 50)),
                    millis(percentile(connectNanos, 99)),
                    millis(percentile(connectNanos, 100)),
                    clients / connectSeconds);

            try (SignalRRestClient rest = SignalRRestClient.builder(connection)
                    .maxConnections(concurrency)
                    .build()) {
                List<Future<SendOutcome>> outcomes = new ArrayList<>();
                long sendStart = System.nanoTime();
                for (int i = 0; i < sends; i++) {
                    String user = "visitor-" + (i % clients);
                    outcomes.add(pool.submit(() -> rest.sendToUser(
                            "offers",
                            user,
                            "{\"target\":\"offers\",\"arguments\":[{\"sentAt\":" + System.nanoTime()
                                    + ",\"offers\":[{\"id\":\"cart-10\",\"placement\":\"hero\",\"content\":"
                                    + "{\"title\":\"10% off your cart\"}}]}]}")));
                }
                int accepted = 0;
                for (Future<SendOutcome> outcome : outcomes) {
                    accepted += outcome.get().status() == 202 ? 1 : 0;
                }
                boolean all = delivered.await(60, TimeUnit.SECONDS);
                double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
                long[] values = latencies.stream().mapToLong(Long::longValue).toArray();
                System.out.printf(
                        "delivery (REST call -> client record), %d sends to %d clients, %d at a time: %d accepted,"
                                + " %d delivered%s; median %s, p99 %s, max %s; %.0f sends/s%n",
                        sends,
                        clients,
                        concurrency,
                        accepted,
                        values.length,
                        all ? "" : " (timed out)",
                        millis(percentile(values, 50)),
                        millis(percentile(values, 99)),
                        millis(percentile(values, 100)),
                        sends / sendSeconds);
            }
            pool.shutdownNow();
        } finally {
            connected.forEach(HubClient::close);
            emulator.destroy();
            emulator.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A few hundred connects and sends first, so that the figures are not the JIT's. */
    private static void warmUp(HubClient.Builder builder, AccessTokens tokens, ConnectionString connection)
            throws Exception {
        try (SignalRRestClient rest = SignalRRestClient.builder(connection).build()) {
            for (int i = 0; i < 200; i++) {
                NegotiateResponse negotiate = tokens.forClient("warmup", "w" + i, Duration.ofMinutes(5));
                try (HubClient client = builder.connect(negotiate.url(), negotiate.accessToken())) {
                    rest.sendToUser("warmup", "w" + i, "{\"target\":\"offers\",\"arguments\":[]}");
                }
            }
        }
    }

    private static long percentile(long[] values, int percent) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    private static String connectionString(Process emulator) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("Endpoint=")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (Exception e) {
                        // the emulator stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
        throw new IllegalStateException("the emulator did not print its connection string");
    }
}
