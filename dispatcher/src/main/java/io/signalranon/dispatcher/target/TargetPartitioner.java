package io.signalranon.dispatcher.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a run's targets into key ranges of user ids of (nearly) equal numbers of users, one partition of
 * the dispatch step each, named {@code p000}, {@code p001}, ... in key order. A user's rows (one per CDP
 * id) always fall in one range. Each partition's context is what {@link DispatchTargetReader} reads: the
 * user id before its range as the last one read, and its range's last user id (none for the last
 * range), plus the entries of {@code common}. The same targets and grid size give the same partitions.
 * A grid size always gives that many partitions, those past the last user with empty ranges: a restart
 * (which splits again with the grid size of its first execution, and runs again the partitions of that
 * name not completed) finds every partition it ran before, also when users were forgotten since and fewer
 * are left than partitions.
 */
public class TargetPartitioner implements Partitioner {

    private final DispatchTargetRepository targets;
    private final long jobInstanceId;
    private final Map<String, Object> common;

    public TargetPartitioner(DispatchTargetRepository targets, long jobInstanceId, Map<String, Object> common) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.jobInstanceId = jobInstanceId;
        this.common = Map.copyOf(common);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        int grid = Math.max(1, gridSize);
        List<String> ends = targets.rangeEnds(jobInstanceId, grid);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        String after = null;
        for (int i = 0; i < grid; i++) {
            ExecutionContext context = new ExecutionContext(common);
            if (after != null) {
                context.putString(DispatchTargetReader.LAST_USER_ID, after);
            }
            if (i < grid - 1) {
                // past the last user (fewer users than partitions): empty ranges ("" when there is no user)
                after = ends.isEmpty() ? "" : ends.get(Math.min(i, ends.size() - 1));
                context.putString(DispatchTargetReader.UP_TO_USER_ID, after);
            }
            partitions.put(name(i), context);
        }
        return partitions;
    }

    /** The name of the {@code index}th partition (from 0). */
    public static String name(int index) {
        return String.format(Locale.ROOT, "p%03d", index);
    }
}
