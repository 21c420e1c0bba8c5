package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.support.TestDatabase;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** How many partitions a run is split into, and how many share the rate limit. */
class PartitionPlanTests {

    private final DispatchTargetRepository targets =
            new DispatchTargetRepository(new JdbcTemplate(TestDatabase.create()));

    @Test
    void fourPartitionsPerWorkerOfAtLeastAChunkAndAtMostPartitionUsersEach() {
        PartitionPlan plan = plan(null, 3);
        assertThat(plan.gridSize(1_000_000, 3)).isEqualTo(20); // 50,000 users each
        assertThat(plan.gridSize(100_000, 3)).isEqualTo(12); // four per worker
        assertThat(plan.gridSize(5_000, 3)).isEqualTo(3); // a chunk (2,000) each at least
        assertThat(plan.gridSize(0, 3)).isEqualTo(1);
        assertThat(plan.gridSize(Long.MAX_VALUE / 2, 1)).isEqualTo(PartitionPlan.MOST);
    }

    @Test
    void aRateLimitKeepsEachPartitionUnderTenMinutesAtItsShare() {
        // 300 messages/s over 3 workers: 100/s each, 60,000 in 10 minutes: partition-users (50,000) is lower
        assertThat(plan(300.0, 3).gridSize(1_000_000, 3)).isEqualTo(20);
        // 30 messages/s over 3 workers: 10/s each, at most 6,000 users per partition
        assertThat(plan(30.0, 3).gridSize(1_000_000, 3)).isEqualTo(167);
        assertThat(plan(30.0, 3).rateSharers(167)).isEqualTo(3);
        assertThat(plan(30.0, 3).rateSharers(2)).isEqualTo(2);
        assertThat(plan(30.0, 0).rateSharers(5)).isEqualTo(1);
    }

    private PartitionPlan plan(Double maxRate, int workers) {
        return plan(targets, 2000, maxRate, workers);
    }

    /** A plan with the default settings but these, and {@code workers} listening. */
    static PartitionPlan plan(DispatchTargetRepository targets, int chunkSize, Double maxRate, int workers) {
        DeliveryProperties delivery = new DeliveryProperties(
                chunkSize,
                null,
                null,
                640,
                maxRate,
                5,
                Duration.ofMinutes(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                5);
        RemoteProperties remote =
                new RemoteProperties(true, "q", 50_000, Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(2));
        return new PartitionPlan(targets, delivery, remote, () -> workers);
    }
}
