package io.signalranon.dispatcher.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scale-out of the dispatch step over RabbitMQ ({@code dispatcher.remote.*}; the broker is
 * {@code spring.rabbitmq.*}).
 *
 * @param enabled the run commands split the dispatch step into partitions that {@code worker} processes run
 * @param queue the queue of partition requests; deployments that share a broker each use their own
 * @param partitionUsers most users in one partition: it bounds how long a worker holds one request, which
 *     must stay well under the broker's consumer timeout (30 minutes by default)
 * @param pollInterval how often the manager reads the job repository for its partitions' progress
 * @param timeout how long the manager waits for its partitions before the run fails (restartable); zero waits
 *     as long as it takes
 * @param staleAfter when the run left by a stopped manager is resumed: partitions still marked running whose
 *     step has written nothing for this long, with no request waiting in the queue, count as abandoned
 */
@ConfigurationProperties("dispatcher.remote")
public record RemoteProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("dispatch.partition.requests") String queue,
        @DefaultValue("50000") int partitionUsers,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("0s") Duration timeout,
        @DefaultValue("2m") Duration staleAfter) {

    /** The setting that turns remote partitioning on. */
    public static final String ENABLED = "dispatcher.remote.enabled";
    /** Set by the {@code worker} command: this process runs partitions. */
    public static final String WORKER = "dispatcher.remote.worker";

    public RemoteProperties {
        if (queue == null || queue.isBlank() || queue.length() > 200) {
            throw new IllegalArgumentException("dispatcher.remote.queue must be a queue name of 1..200 characters");
        }
        if (partitionUsers < 1) {
            throw new IllegalArgumentException("dispatcher.remote.partition-users must be >= 1, got " + partitionUsers);
        }
        if (pollInterval.toMillis() < 10) {
            throw new IllegalArgumentException("dispatcher.remote.poll-interval must be >= 10ms, got " + pollInterval);
        }
        if (timeout.isNegative() || staleAfter.isNegative()) {
            throw new IllegalArgumentException("dispatcher.remote.timeout and stale-after must be >= 0");
        }
    }

    /** The queue where requests that cannot be run (unknown step execution, unreadable payload) are kept. */
    public String deadLetterQueue() {
        return queue + ".dlq";
    }
}
