package io.signalranon.dispatcher.offer;

import io.signalranon.dispatcher.target.DispatchTarget;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides what each targeted user of a chunk gets. {@link #plan} runs once per chunk on the chunk's
 * thread (in its transaction: bulk reads); the returned {@link ChunkPlan} is then used from the
 * sending threads, one user at a time, so decisions run in parallel with sends.
 */
@FunctionalInterface
public interface DispatchPlanner {

    /** Prepares the decisions of one chunk of targets. */
    ChunkPlan plan(List<? extends DispatchTarget> targets);

    /** The decisions of one chunk; thread-safe. */
    @FunctionalInterface
    interface ChunkPlan {

        /** A message for the target, or why it gets none. */
        DispatchItem decide(DispatchTarget target);

        /** Why {@link #decide} gives what it gives, for a dry run's report; null when there is nothing to explain. */
        default @Nullable Explanation explain(DispatchTarget target) {
            return null;
        }
    }
}
