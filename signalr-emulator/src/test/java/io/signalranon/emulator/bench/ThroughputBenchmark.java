package io.signalranon.emulator.bench;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends N messages to the emulator jar (started in its own JVM) with {@link SignalRRestClient} at
 * several concurrencies (a fixed thread pool calling {@code sendToUser}, one distinct user per
 * message) and prints sends per second, with the cost of signing one server token for comparison. Run with {@code signalr-emulator/bench/run.sh}.
 *
 * <p>Arguments: {@code JAR [N] [CONCURRENCIES]}, e.g. {@code target/signalr-emulator.jar 20000 1,8,32,64}.
 */
public final class ThroughputBenchmark {

    private static final String BODY = "{\"target\":\"offers\",\"arguments\":[{\"messageId\":\"m-1\",\"offers\":"
            + "[{\"id\":\"cart-10\",\"placement\":\"hero\",\"content\":{\"title\":\"10% off your cart\"}}]}]}";

    private static final int REPEATS = 3;

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/signalr-emulator.jar");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<Integer> concurrencies = new ArrayList<>();
        for (String c : (args.length > 2 ? args[2] : "1,8,32,64").split(",")) {
            concurrencies.add(Integer.parseInt(c.trim()));
        }
        System.out.printf(
                "cores=%d N=%d java=%s%n",
                Runtime.getRuntime().availableProcessors(), n, System.getProperty("java.version"));
        signingCost();
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
        try {
            ConnectionString connection = ConnectionString.parse(connectionString(emulator));
            for (int concurrency : concurrencies) {
                run(connection, concurrency, Math.min(n, 5_000), i -> "warmup-" + i);
            }
            System.out.println("| concurrency | sends/s (median of " + REPEATS + ") | min | max |");
            System.out.println("|---:|---:|---:|---:|");
            for (int concurrency : concurrencies) {
                report(connection, concurrency, n);
            }
        } finally {
            emulator.toHandle().destroy();
            emulator.waitFor(10, TimeUnit.SECONDS);
            emulator.destroyForcibly();
        }
    }

    /** Median, min and max of {@value #REPEATS} runs, each sending to N distinct users. */
    private static void report(ConnectionString connection, int concurrency, int n) throws Exception {
        double[] rates = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            int round = r;
            rates[r] = run(connection, concurrency, n, i -> "user-" + round + "-" + i);
        }
        java.util.Arrays.sort(rates);
        System.out.printf(
                "| %d | %.0f | %.0f | %.0f |%n", concurrency, rates[REPEATS / 2], rates[0], rates[REPEATS - 1]);
    }

    private static void signingCost() {
        AccessTokens tokens = new AccessTokens(ConnectionString.parse(ConnectionString.EMULATOR_DEFAULT));
        URI url = URI.create("http://localhost:8888/api/v1/hubs/offers/users/user-123456");
        int rounds = 200_000;
        long sink = 0;
        for (int i = 0; i < 50_000; i++) {
            sink += tokens.forRequest(url).length();
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += tokens.forRequest(url).length();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
        System.out.printf(
                "token signing: %.2f us per token (single thread, %d tokens, checksum %d)%n",
                micros, rounds, sink % 10);
    }

    private static double run(ConnectionString connection, int concurrency, int n, IntFunction<String> user)
            throws Exception {
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .maxConnections(concurrency)
                .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<SendOutcome>> futures = new ArrayList<>(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String userId = user.apply(i);
                futures.add(pool.submit(() -> client.sendToUser("offers", userId, BODY)));
            }
            int failed = 0;
            for (Future<SendOutcome> future : futures) {
                if (!future.get().delivered()) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + n + " sends were not delivered");
            }
            return n / seconds;
        }
    }

    private static String connectionString(Process emulator) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the emulator stopped before printing its connection string");
            }
            if (line.startsWith("Endpoint=")) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // the emulator's progress lines are not part of the result
                                }
                            } catch (java.io.IOException ignored) {
                                // the emulator stopped
                            }
                        },
                        "emulator-output");
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
    }
}
