package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Duration;
import java.util.List;

/**
 * What the send path reports while it works: each attempt with its outcome and latency, sends in flight,
 * the concurrency limit, each message's final result and each user withheld. Metrics and the run
 * report listen through it; the send path knows nothing of them. Called from the send threads: an
 * implementation must be thread-safe and quick.
 */
public interface SendObserver {

    /** Observes nothing. */
    SendObserver NONE = new SendObserver() {};

    /** One REST call ended with {@code outcome} after {@code latency}. */
    default void attempted(SendOutcome outcome, Duration latency) {}

    /** A message's sending started ({@code +1}) or ended ({@code -1}). */
    default void inFlight(int delta) {}

    /** The most sends that may now be in flight at once. */
    default void concurrency(int limit) {}

    /** A message's final result: delivered, or failed for good (recorded for reprocess). */
    default void finished(DeliveryResult result) {}

    /** A targeted user got no message. */
    default void withheld(WithholdReason reason) {}

    /** Tells every one of {@code observers}, in order. */
    static SendObserver all(List<SendObserver> observers) {
        List<SendObserver> each = List.copyOf(observers);
        return new SendObserver() {
            @Override
            public void attempted(SendOutcome outcome, Duration latency) {
                each.forEach(o -> o.attempted(outcome, latency));
            }

            @Override
            public void inFlight(int delta) {
                each.forEach(o -> o.inFlight(delta));
            }

            @Override
            public void concurrency(int limit) {
                each.forEach(o -> o.concurrency(limit));
            }

            @Override
            public void finished(DeliveryResult result) {
                each.forEach(o -> o.finished(result));
            }

            @Override
            public void withheld(WithholdReason reason) {
                each.forEach(o -> o.withheld(reason));
            }
        };
    }
}
