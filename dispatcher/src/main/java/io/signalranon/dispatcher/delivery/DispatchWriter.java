package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.delivery.pace.SendGate;
import java.util.Optional;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * A writer of the dispatch step: decides for a chunk of targets (and sends the messages earlier chunks left pending), and keeps the step's {@link DeliveryCounters}.
 * It hears the step's start and end (the step registers it as a listener).
 */
public interface DispatchWriter extends ItemStreamWriter<ChunkItem>, StepExecutionListener {

    /** The totals so far, restored from the execution context on restart. */
    DeliveryCounters counters();

    /** How the sends go right now (concurrency, rate), when this writer sends. */
    default Optional<SendGate.Snapshot> sending() {
        return Optional.empty();
    }
}
