package io.signalranon.dispatcher.bench;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.SendGate;
import io.signalranon.emulator.limit.TokenBucket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The send gate against a modelled service, on a simulated clock (no network, no threads, no CPU
 * limit): what the gate's own rules deliver, apart from the machine they run on. The service is the
 * emulator's: a token bucket of {@code units} x 1,000 calls/s holding one second, deciding at arrival,
 * every answer (429 included, no Retry-After) after {@code latency}. The job's shape is kept: chunks
 * of {@code chunk} messages, the next one started {@code gap} after the last answer of the one before
 * (its commit), a throttled message tried again at once through the gate (which paces it).
 *
 * <p>{@code GateSimulation <units> <latency ms> <messages> [chunk] [gap ms] [fixed concurrency]}
 */
public final class GateSimulation {

    private static final SendOutcome ACCEPTED =
            new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome THROTTLED =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 429, null, "Too Many Requests", null);

    private GateSimulation() {}

    private record Answer(long at, SendGate.Permit permit, boolean accepted) {}

    public static void main(String[] args) {
        int units = Integer.parseInt(args[0]);
        long latency = (long) (Double.parseDouble(args[1]) * 1e6);
        int messages = Integer.parseInt(args[2]);
        DeliveryProperties defaults = defaults(args.length > 5 ? Integer.valueOf(args[5]) : null);
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : defaults.chunkSize();
        long gap = args.length > 4 ? (long) (Double.parseDouble(args[4]) * 1e6) : 2_000_000;
        long[] clock = {0};
        SendGate gate = defaults.sendGate(() -> clock[0]);
        TokenBucket bucket = units == 0 ? null : new TokenBucket(units * 1000.0, units * 1000.0, () -> clock[0]);
        PriorityQueue<Answer> answers = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        long attempts = 0;
        long throttled = 0;
        int sent = 0;
        StringBuilder trace = new StringBuilder();
        long nextTrace = 0;
        while (sent < messages) {
            int size = Math.min(chunk, messages - sent);
            Deque<Integer> pending = new ArrayDeque<>();
            for (int i = 0; i < size; i++) {
                pending.add(i);
            }
            int delivered = 0;
            while (delivered < size) {
                long wakeAt = Long.MAX_VALUE;
                while (!pending.isEmpty()) {
                    SendGate.Admission admission = gate.tryAdmit(clock[0]);
                    if (admission instanceof SendGate.Permit permit) {
                        pending.poll();
                        attempts++;
                        boolean accepted = bucket == null || bucket.tryTake() == 0;
                        answers.add(new Answer(clock[0] + latency, permit, accepted));
                    } else {
                        wakeAt = ((SendGate.Wait) admission).untilNanos();
                        break;
                    }
                }
                long next = Math.min(
                        wakeAt,
                        answers.isEmpty() ? Long.MAX_VALUE : answers.peek().at());
                clock[0] = Math.max(clock[0], next);
                while (!answers.isEmpty() && answers.peek().at() <= clock[0]) {
                    Answer answer = answers.poll();
                    gate.complete(answer.permit(), clock[0], answer.accepted() ? ACCEPTED : THROTTLED);
                    if (answer.accepted()) {
                        delivered++;
                    } else {
                        throttled++;
                        pending.add(-1);
                    }
                }
                if (clock[0] >= nextTrace) {
                    SendGate.Snapshot s = gate.snapshot();
                    trace.append(String.format(
                            Locale.ROOT,
                            " %.1fs:%d/%s/%d",
                            clock[0] / 1e9,
                            s.concurrencyLimit(),
                            Double.isFinite(s.rateLimit()) ? Math.round(s.rateLimit()) : "-",
                            throttled));
                    nextTrace = clock[0] + (clock[0] < 2_000_000_000L ? 250_000_000L : 2_000_000_000L);
                }
            }
            sent += size;
            clock[0] += gap;
        }
        double seconds = clock[0] / 1e9;
        double rate = messages / seconds;
        System.out.printf(
                Locale.ROOT,
                "simulated: %d units, %.1f ms, %d messages, chunks of %d, %s: %.1f s, %.0f msg/s%s, throttled %d of %d"
                        + " attempts (%.1f%%)%n  concurrency limit/rate limit/throttled so far, over time:%s%n",
                units,
                latency / 1e6,
                messages,
                chunk,
                args.length > 5 ? "fixed concurrency " + args[5] : "adaptive",
                seconds,
                rate,
                units == 0 ? "" : String.format(Locale.ROOT, " = %.2f of the allowed rate", rate / (units * 1000.0)),
                throttled,
                attempts,
                100.0 * throttled / attempts,
                trace);
    }

    /** The settings' defaults (as the job binds them), with a fixed concurrency if given. */
    private static DeliveryProperties defaults(Integer concurrency) {
        Map<String, String> properties = new HashMap<>();
        if (concurrency != null) {
            properties.put("dispatcher.delivery.concurrency", concurrency.toString());
        }
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("dispatcher.delivery", DeliveryProperties.class);
    }
}
