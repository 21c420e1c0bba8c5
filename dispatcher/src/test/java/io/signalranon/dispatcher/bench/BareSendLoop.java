package io.signalranon.dispatcher.bench;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of the dispatch benchmark: sends N messages of the dispatcher's size to N distinct
 * users with the signalr-client at a given concurrency, nothing else, and prints the rate.
 *
 * <p>{@code BareSendLoop <connection string> <users> <concurrency> <body bytes> <warm-up sends>}
 *
 * <p>The warm-up sends go one at a time before the timed part (to other users); with none, the
 * timed part starts in a cold JVM, as a job's dispatch step does. It also prints the CPU time the
 * process used over the timed part (all its threads).
 */
public final class BareSendLoop {

    private BareSendLoop() {}

    public static void main(String[] args) throws Exception {
        ConnectionString connection = ConnectionString.parse(args[0]);
        int users = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        String body = body(Integer.parseInt(args[3]));
        try (SignalRRestClient client = SignalRRestClient.builder(connection)
                .maxConnections(concurrency)
                .build()) {
            int warmUp = Integer.parseInt(args[4]);
            for (int i = 0; i < warmUp; i++) {
                client.sendToUser("offers", "warm-up-" + i, body);
            }
            AtomicInteger next = new AtomicInteger();
            LongAdder delivered = new LongAdder();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long cpuStart = cpuNanos();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < users; i = next.getAndIncrement()) {
                        SendOutcome outcome = client.sendToUser("offers", "u-%08d".formatted(i), body);
                        if (outcome.delivered()) {
                            delivered.increment();
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
            pool.shutdown();
            System.out.printf(
                    Locale.ROOT,
                    "bare send loop: %d messages, %d delivered, %.1f s, %.0f messages/s, CPU %.1f s%n",
                    users,
                    delivered.sum(),
                    seconds,
                    users / seconds,
                    cpuSeconds);
        }
    }

    /** CPU time of this process, all threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String body(int bytes) {
        String head = "{\"target\":\"offers\",\"arguments\":[{\"messageId\":\"0552b1ed-bd19-8b08-ade6-10b466bc2404\","
                + "\"userId\":\"u\",\"generatedAt\":\"2026-12-01T00:00:00Z\",\"offers\":[{\"id\":\"cart-10\","
                + "\"placement\":\"hero\",\"content\":{\"title\":\"";
        String tail = "\"}}]}]}";
        return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
    }
}
