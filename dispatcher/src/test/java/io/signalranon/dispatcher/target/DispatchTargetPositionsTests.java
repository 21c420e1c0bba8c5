package io.signalranon.dispatcher.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** A forgotten user's id leaves the positions a dispatch step or partition keeps in its context. */
class DispatchTargetPositionsTests {

    @Test
    void whereAStepResumesAfterMovesToTheTargetBeforeOrGoes() {
        // given
        ExecutionContext resumes = context("u-5", null);
        ExecutionContext first = context("u-5", null);
        ExecutionContext other = context("u-7", null);
        // when
        boolean moved = DispatchTargetReader.moveOff(resumes, "u-5", "u-3");
        boolean gone = DispatchTargetReader.moveOff(first, "u-5", null);
        boolean untouched = DispatchTargetReader.moveOff(other, "u-5", "u-3");
        // then
        assertThat(moved).isTrue();
        assertThat(DispatchTargetReader.positions(resumes)).containsExactly("u-3");
        assertThat(gone).isTrue();
        assertThat(first.containsKey(DispatchTargetReader.LAST_USER_ID)).isFalse();
        assertThat(untouched).isFalse();
        assertThat(DispatchTargetReader.positions(other)).containsExactly("u-7");
    }

    @Test
    void whereAPartitionsRangeEndsMovesToTheTargetBeforeOrHoldsNoTarget() {
        // given
        ExecutionContext partition = context("u-2", "u-5");
        ExecutionContext firstPartition = context(null, "u-5");
        // when
        DispatchTargetReader.moveOff(partition, "u-5", "u-3");
        DispatchTargetReader.moveOff(firstPartition, "u-5", null);
        // then
        assertThat(partition.getString(DispatchTargetReader.UP_TO_USER_ID)).isEqualTo("u-3");
        assertThat(partition.getString(DispatchTargetReader.LAST_USER_ID)).isEqualTo("u-2");
        assertThat(firstPartition.getString(DispatchTargetReader.UP_TO_USER_ID))
                .as("an empty range: not 'to the last target', which would read the next partition's users")
                .isEmpty();
        assertThat(DispatchTargetReader.positions(firstPartition)).doesNotContain("u-5");
    }

    private static ExecutionContext context(String lastUserId, String upToUserId) {
        ExecutionContext context = new ExecutionContext();
        if (lastUserId != null) {
            context.putString(DispatchTargetReader.LAST_USER_ID, lastUserId);
        }
        if (upToUserId != null) {
            context.putString(DispatchTargetReader.UP_TO_USER_ID, upToUserId);
        }
        return context;
    }
}
