package io.signalranon.emulator.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketTests {

    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong();

    @Test
    void aFullBucketGivesItsCapacityAtOnceThenRefusesWithTheTimeToTheNextToken() {
        // given: 1,000 a second, one second of capacity
        TokenBucket bucket = new TokenBucket(1000, 1000, now::get);

        // when
        long taken = IntStream.range(0, 1000).filter(i -> bucket.tryTake() == 0).count();
        long refused = bucket.tryTake();

        // then
        assertThat(taken).isEqualTo(1000);
        assertThat(refused).isEqualTo(MS);
    }

    @Test
    void itRefillsAtItsRateUpToItsCapacity() {
        // given: an empty bucket of 1,000 a second
        TokenBucket bucket = new TokenBucket(1000, 1000, now::get);
        IntStream.range(0, 1000).forEach(i -> bucket.tryTake());

        // when: 10 ms pass, then 10 s
        now.addAndGet(10 * MS);
        long afterTenMillis =
                IntStream.range(0, 20).filter(i -> bucket.tryTake() == 0).count();
        now.addAndGet(10_000 * MS);
        long afterTenSeconds =
                IntStream.range(0, 2000).filter(i -> bucket.tryTake() == 0).count();

        // then
        assertThat(afterTenMillis).isEqualTo(10);
        assertThat(afterTenSeconds).isEqualTo(1000);
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, now::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratePerSecond must be > 0, got 0.0");
    }
}
