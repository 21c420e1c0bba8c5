package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many partitions a run's dispatch step is split into, and how many of them share {@code max-rate}.
 * At most {@code partition-users} users each, so that a worker holds one request well under the broker's
 * consumer timeout (with {@code max-rate} set, also no more users than a partition sends in 10 minutes at
 * its share of the rate); at least four per worker listening, so that the partitions spread and a slow or
 * stopped worker holds back little; at least a chunk each.
 */
public class PartitionPlan {

    /** Longest a partition is planned to send for, at its share of {@code max-rate}. */
    static final long PARTITION_SECONDS_AT_MAX_RATE = 600;
    /** Most partitions of one run. */
    static final int MOST = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PartitionPlan.class);

    private final DispatchTargetRepository targets;
    private final DeliveryProperties delivery;
    private final RemoteProperties remote;
    private final IntSupplier workersListening;

    /** @param workersListening how many workers listen on the queue now */
    public PartitionPlan(
            DispatchTargetRepository targets,
            DeliveryProperties delivery,
            RemoteProperties remote,
            IntSupplier workersListening) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.workersListening = Objects.requireNonNull(workersListening, "workersListening");
    }

    /** The number of partitions for the targets of a job instance, with the workers listening now. */
    public int gridSize(long jobInstanceId) {
        long users = targets.countUsers(jobInstanceId);
        int workers = workersListening();
        int grid = gridSize(users, Math.max(1, workers));
        log.info(
                "Dispatching {} users in {} partitions over queue '{}' ({} workers listening)",
                users,
                grid,
                remote.queue(),
                workers);
        return grid;
    }

    /**
     * Logs the partitions a restart dispatches in: the {@code gridSize} of the step's first execution (not
     * planned again), {@code created} of which the job repository has.
     */
    public void restarting(long jobInstanceId, int gridSize, int created) {
        long users = targets.countUsers(jobInstanceId);
        int workers = workersListening();
        log.info(
                "Dispatching {} users in the {} partitions of the first execution ({} created before) over queue"
                        + " '{}' ({} workers listening)",
                users,
                gridSize,
                created,
                remote.queue(),
                workers);
    }

    private int workersListening() {
        int workers = workersListening.getAsInt();
        if (workers == 0) {
            log.warn("No worker listens on queue '{}' yet: the partitions wait there until one starts", remote.queue());
        }
        return workers;
    }

    int gridSize(long users, int workers) {
        long mostUsers = remote.partitionUsers();
        if (delivery.maxRate() != null) {
            long atRate = (long) (delivery.maxRate() / workers * PARTITION_SECONDS_AT_MAX_RATE);
            mostUsers = Math.min(mostUsers, Math.max(delivery.chunkSize(), atRate));
        }
        long bySize = ceil(users, mostUsers);
        long spread = Math.min(4L * workers, ceil(users, delivery.chunkSize()));
        return (int) Math.max(1, Math.min(MOST, Math.max(bySize, spread)));
    }

    /** How many partitions of {@code gridSize} run at once and share {@code max-rate}: one per worker listening. */
    public int rateSharers(int gridSize) {
        return Math.max(1, Math.min(gridSize, workersListening.getAsInt()));
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
