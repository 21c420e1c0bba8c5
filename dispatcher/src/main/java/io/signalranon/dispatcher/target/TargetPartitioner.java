package io.signalranon.dispatcher.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>A restart of a run stopped while its partitions were being created (one at a time, in name order)
 * has the first ones only. Split again as on the first run, the others would start where the current
 * targets put the bounds, which a forget since has moved: users between would be read by no partition or
 * by two. Those others split the users after the greatest range end of the stored ones instead.
 */
public class TargetPartitioner implements ContinuingPartitioner {

    private final DispatchTargetRepository targets;
    private final long jobInstanceId;
    private final Map<String, Object> common;

    public TargetPartitioner(DispatchTargetRepository targets, long jobInstanceId, Map<String, Object> common) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.jobInstanceId = jobInstanceId;
        this.common = Map.copyOf(common);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize, Map<String, ExecutionContext> stored) {
        int grid = Math.max(1, gridSize);
        // the others start after the greatest range end of the stored ones (the first ones, their ends
        // moved off the users forgotten since); after a stored one open to the last target, they are empty
        String after = null;
        boolean toTheEnd = false;
        int others = 0;
        for (int i = 0; i < grid; i++) {
            ExecutionContext context = stored.get(name(i));
            if (context == null) {
                others++;
            } else if (!context.containsKey(DispatchTargetReader.UP_TO_USER_ID)) {
                toTheEnd = true;
            } else {
                String end = context.getString(DispatchTargetReader.UP_TO_USER_ID);
                after = after == null || end.compareTo(after) > 0 ? end : after;
            }
        }
        List<String> ends = others == 0 || toTheEnd ? List.of() : targets.rangeEnds(jobInstanceId, others, after);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int other = 0;
        for (int i = 0; i < grid; i++) {
            ExecutionContext storedContext = stored.get(name(i));
            if (storedContext != null) {
                partitions.put(name(i), new ExecutionContext(storedContext));
                continue;
            }
            ExecutionContext context = new ExecutionContext(common);
            if (after != null) {
                context.putString(DispatchTargetReader.LAST_USER_ID, after);
            }
            if (toTheEnd || other < others - 1) {
                // past the last user (fewer users than partitions): empty ranges ("" when there is no user)
                after = ends.isEmpty()
                        ? Objects.requireNonNullElse(after, "")
                        : ends.get(Math.min(other, ends.size() - 1));
                context.putString(DispatchTargetReader.UP_TO_USER_ID, after);
            }
            other++;
            partitions.put(name(i), context);
        }
        return partitions;
    }

    /** The name of the {@code index}th partition (from 0). */
    public static String name(int index) {
        return String.format(Locale.ROOT, "p%03d", index);
    }
}
