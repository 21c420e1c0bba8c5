package io.signalranon.dispatcher.bench;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.emulator.limit.TokenBucket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
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
 * <p>Noise: with {@code noise} > 0, that share of the sends the bucket accepts is answered 429 with
 * {@code Retry-After: retry-after ms} instead, at random (seed 1), as a service throttles a few sends
 * for reasons of its own. As the dispatch writer does, such a message is deferred unless the gate
 * pauses everyone: the first chunk that starts once it is due sends it again, and the last chunk waits
 * for the rest.
 *
 * <p>{@code GateSimulation <units> <latency ms> <messages> [chunk] [gap ms] [fixed concurrency|-]
 * [noise] [retry-after ms]}
 */
public final class GateSimulation {

    private static final SendOutcome ACCEPTED =
            new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome THROTTLED =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 429, null, "Too Many Requests", null);

    private static final long TRACE_FINE = Long.getLong("trace.fine.seconds", 2) * 1_000_000_000L;

    private GateSimulation() {}

    private record Answer(long at, SendGate.Permit permit, boolean accepted, boolean noisy) {}

    public static void main(String[] args) {
        int units = Integer.parseInt(args[0]);
        long latency = (long) (Double.parseDouble(args[1]) * 1e6);
        int messages = Integer.parseInt(args[2]);
        DeliveryProperties defaults =
                defaults(args.length > 5 && !args[5].equals("-") ? Integer.valueOf(args[5]) : null);
        double noise = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        long retryAfter = args.length > 7 ? (long) (Double.parseDouble(args[7]) * 1e6) : 1_000_000_000L;
        SendOutcome noisy = new SendOutcome(
                SendOutcome.Kind.RETRYABLE, 429, null, "Too Many Requests", Duration.ofNanos(retryAfter));
        SplittableRandom random = new SplittableRandom(1);
        PriorityQueue<Long> deferred = new PriorityQueue<>(); // due times of messages waiting for their turn
        long noisyAnswers = 0;
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
        while (sent < messages || !deferred.isEmpty()) {
            int size = Math.min(chunk, messages - sent);
            boolean last = sent + size >= messages;
            Deque<Integer> pending = new ArrayDeque<>();
            for (int i = 0; i < size; i++) {
                pending.add(i);
            }
            while (!deferred.isEmpty() && deferred.peek() <= clock[0]) {
                deferred.poll();
                pending.add(-2);
            }
            int outstanding = pending.size();
            while (outstanding > 0 || (last && !deferred.isEmpty())) {
                if (last && pending.isEmpty() && answers.isEmpty() && !deferred.isEmpty()) {
                    clock[0] = Math.max(clock[0], deferred.peek());
                }
                while (last && !deferred.isEmpty() && deferred.peek() <= clock[0]) {
                    deferred.poll();
                    pending.add(-2);
                    outstanding++;
                }
                long wakeAt = Long.MAX_VALUE;
                while (!pending.isEmpty()) {
                    SendGate.Admission admission = gate.tryAdmit(clock[0]);
                    if (admission instanceof SendGate.Permit permit) {
                        pending.poll();
                        attempts++;
                        boolean accepted = bucket == null || bucket.tryTake() == 0;
                        boolean isNoise = accepted && noise > 0 && random.nextDouble() < noise;
                        answers.add(new Answer(clock[0] + latency, permit, accepted && !isNoise, isNoise));
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
                    if (answer.noisy()) {
                        noisyAnswers++;
                        throttled++;
                        outstanding--;
                        if (gate.complete(answer.permit(), clock[0], noisy)) {
                            pending.add(-1); // everyone waits: it waits at the gate too
                            outstanding++;
                        } else {
                            deferred.add(clock[0] + retryAfter);
                        }
                        continue;
                    }
                    gate.complete(answer.permit(), clock[0], answer.accepted() ? ACCEPTED : THROTTLED);
                    if (answer.accepted()) {
                        outstanding--;
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
                    nextTrace = clock[0] + (clock[0] < TRACE_FINE ? 250_000_000L : 2_000_000_000L);
                }
            }
            sent += size;
            clock[0] += gap;
        }
        double seconds = clock[0] / 1e9;
        double rate = messages / seconds;
        System.out.printf(
                Locale.ROOT,
                "simulated: %d units, %.1f ms, %d messages, chunks of %d, %s, noise %.1f%% 429 (Retry-After %.0f ms):"
                        + " %.1f s, %.0f msg/s%s, throttled %d of %d attempts (%.1f%%, %d of them noise)%n"
                        + "  concurrency limit/rate limit/throttled so far, over time:%s%n",
                units,
                latency / 1e6,
                messages,
                chunk,
                defaults.concurrency() != null ? "fixed concurrency " + defaults.concurrency() : "adaptive",
                100 * noise,
                retryAfter / 1e6,
                seconds,
                rate,
                units == 0 ? "" : String.format(Locale.ROOT, " = %.2f of the allowed rate", rate / (units * 1000.0)),
                throttled,
                attempts,
                100.0 * throttled / attempts,
                noisyAnswers,
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
