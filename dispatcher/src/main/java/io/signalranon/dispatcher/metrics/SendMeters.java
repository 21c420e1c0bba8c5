package io.signalranon.dispatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.AttemptOutcome;
import io.signalranon.dispatcher.delivery.SendObserver;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The send path's meters in a {@link MeterRegistry}: messages delivered and failed by status class,
 * attempts by outcome, attempt latency, sends in flight, the concurrency limit and users withheld. One
 * per process; {@link #observer(String)} gives the send path of one job its {@link SendObserver}.
 */
public final class SendMeters {

    private static final double[] PERCENTILES = {0.5, 0.9, 0.95, 0.99};

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger concurrency = new AtomicInteger();

    public SendMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        registry.gauge(MetricNames.SENDS_IN_FLIGHT, inFlight);
        registry.gauge(MetricNames.SEND_CONCURRENCY, concurrency);
    }

    /** The observer of the sends of one job ({@code dispatch} or {@code reprocess}). */
    public SendObserver observer(String job) {
        return new JobObserver(job);
    }

    private final class JobObserver implements SendObserver {

        private final String job;
        private final Timer latency;
        private final Map<AttemptOutcome, Counter> attempts = new EnumMap<>(AttemptOutcome.class);
        private final Map<WithholdReason, Counter> withheld = new EnumMap<>(WithholdReason.class);
        private final Map<String, Counter> messages = new ConcurrentHashMap<>();

        private JobObserver(String job) {
            this.job = job;
            this.latency = Timer.builder(MetricNames.SEND_LATENCY)
                    .description("Latency of one REST call to the SignalR service")
                    .tag(MetricNames.JOB, job)
                    .publishPercentiles(PERCENTILES)
                    .register(registry);
            for (AttemptOutcome outcome : AttemptOutcome.values()) {
                attempts.put(
                        outcome,
                        Counter.builder(MetricNames.SEND_ATTEMPTS)
                                .description("REST calls to the SignalR service, by outcome")
                                .tag(MetricNames.JOB, job)
                                .tag(MetricNames.OUTCOME, outcome.label())
                                .register(registry));
            }
            for (WithholdReason reason : WithholdReason.values()) {
                withheld.put(
                        reason,
                        Counter.builder(MetricNames.USERS_WITHHELD)
                                .description("Targeted users who got no message, by reason")
                                .tag(MetricNames.REASON, reason.label())
                                .register(registry));
            }
        }

        @Override
        public void attempted(SendOutcome outcome, Duration took) {
            latency.record(took);
            Objects.requireNonNull(attempts.get(AttemptOutcome.of(outcome)), "every outcome has its counter")
                    .increment();
        }

        @Override
        public void inFlight(int delta) {
            inFlight.addAndGet(delta);
        }

        @Override
        public void concurrency(int limit) {
            concurrency.set(limit);
        }

        @Override
        public void finished(DeliveryResult result) {
            String name = result.delivered() ? MetricNames.MESSAGES_DELIVERED : MetricNames.MESSAGES_FAILED;
            String statusClass = AttemptOutcome.statusClass(result.outcome().status());
            messages.computeIfAbsent(
                            name + " " + statusClass,
                            key -> Counter.builder(name)
                                    .description(
                                            result.delivered()
                                                    ? "Messages delivered"
                                                    : "Messages that failed for good (recorded for reprocess)")
                                    .tag(MetricNames.JOB, job)
                                    .tag(MetricNames.STATUS_CLASS, statusClass)
                                    .register(registry))
                    .increment();
        }

        @Override
        public void withheld(WithholdReason reason) {
            Objects.requireNonNull(withheld.get(reason), "every reason has its counter")
                    .increment();
        }
    }
}
