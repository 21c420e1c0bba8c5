package io.signalranon.dispatcher.target;

import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A partitioner that a restart asks for the partitions of its first execution's grid size knowing those
 * the job repository already has: the partitions it has no execution of carry on where those end.
 */
@FunctionalInterface
public interface ContinuingPartitioner extends Partitioner {

    /**
     * The partitions of a grid size, those named in {@code stored} (the contexts of the partitions the job
     * repository has an execution of, by name) with those contexts.
     */
    Map<String, ExecutionContext> partition(int gridSize, Map<String, ExecutionContext> stored);

    @Override
    default Map<String, ExecutionContext> partition(int gridSize) {
        return partition(gridSize, Map.of());
    }
}
