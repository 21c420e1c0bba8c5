package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.support.TestDatabase;
import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.TargetRange;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Decisions of a chunk from the database: audiences and past deliveries of the chunk's key range,
 * prepared ahead (while the chunk before is sent), or read when the chunk comes when what was
 * prepared is for other targets.
 */
class OfferPlannerTests {

    private static final long INSTANCE = 7;
    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");
    private static final Catalog CATALOG = Catalog.parse("""
            {"placements": [{"id": "hero", "fallback": "welcome"}],
             "offers": [
               {"id": "vip", "placement": "hero", "priority": 90, "eligibility": "vip",
                "cap": {"max": 1, "days": 7}, "content": {"title": "VIP"}},
               {"id": "welcome", "placement": "hero", "priority": 0, "content": {"title": "Welcome"}}]}
            """, "offers.json");

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private OfferPlanner planner;

    @BeforeEach
    void sixTargetsInTheVipAudience() {
        for (int i = 1; i <= 6; i++) {
            jdbc.update(
                    "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, NULL)",
                    INSTANCE,
                    user(i),
                    user(i));
            jdbc.update(
                    "INSERT INTO MEMBERSHIP (CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER)"
                            + " VALUES (?, 'vip', TRUE, ?, ?, FALSE)",
                    user(i),
                    OfferSentRepository.utc(AS_OF),
                    INSTANCE);
        }
        planner = new OfferPlanner(
                CATALOG,
                new OfferMessageComposer("offers"),
                new DispatchTargetRepository(jdbc),
                new OfferSentRepository(jdbc),
                INSTANCE,
                AS_OF);
    }

    @Test
    void chunksReadInKeyOrderGetTheirOwnAudiencesAndDeliveries() {
        // given: user-4 got the capped offer yesterday
        recordDelivery(user(4), "vip");

        // when: users 1-2 and 5-6 prepared ahead, users 3-4 not
        planner.prepare(range(1, 2));
        List<String> offers = new ArrayList<>(decide(targets(1, 2)));
        offers.addAll(decide(targets(3, 4)));
        planner.prepare(range(5, 6));
        offers.addAll(decide(targets(5, 6)));

        // then
        assertThat(offers).containsExactly("vip", "vip", "vip", "welcome", "vip", "vip");
    }

    @Test
    void whatWasPreparedIsWhatTheChunkDecidesOn() {
        // given: prepared before user-6 left the audience
        planner.prepare(range(5, 6));
        jdbc.update("UPDATE MEMBERSHIP SET MEMBER = FALSE WHERE CDP_ID = ?", user(6));

        // when
        List<String> offers = decide(targets(5, 6));

        // then
        assertThat(offers).containsExactly("vip", "vip");
    }

    @Test
    void whatWasPreparedForOtherTargetsIsNotUsed() {
        // given: users 3-4 prepared, then user-6 leaves the audience
        planner.prepare(range(3, 4));
        jdbc.update("UPDATE MEMBERSHIP SET MEMBER = FALSE WHERE CDP_ID = ?", user(6));

        // when: the next chunk is users 5-6
        List<String> offers = decide(targets(5, 6));

        // then: read for users 5-6, after the change
        assertThat(offers).containsExactly("vip", "welcome");
    }

    @Test
    void withheldTargetsAreNotDecided() {
        // given
        jdbc.update("UPDATE DISPATCH_TARGET SET WITHHELD = 'SUPPRESSED' WHERE USER_ID = ?", user(2));
        List<DispatchTarget> chunk =
                List.of(new DispatchTarget(user(1), null), new DispatchTarget(user(2), WithholdReason.SUPPRESSED));

        // when
        DispatchPlanner.ChunkPlan plan = planner.plan(chunk);

        // then
        assertThat(plan.decide(chunk.get(0))).isInstanceOf(DispatchItem.Send.class);
        assertThat(plan.decide(chunk.get(1))).isEqualTo(new DispatchItem.Withheld(user(2), WithholdReason.SUPPRESSED));
    }

    @Test
    void anEmptyChunkReadsNothingAndLeavesWhatWasPrepared() {
        // given
        planner.prepare(range(1, 2));

        // when
        DispatchPlanner.ChunkPlan plan = planner.plan(List.of());
        jdbc.update("UPDATE MEMBERSHIP SET MEMBER = FALSE WHERE CDP_ID = ?", user(2));

        // then: the next chunk decides on what was prepared for it
        assertThat(plan).isNotNull();
        assertThat(decide(targets(1, 2))).containsExactly("vip", "vip");
    }

    private List<String> decide(List<DispatchTarget> chunk) {
        DispatchPlanner.ChunkPlan plan = planner.plan(chunk);
        return chunk.stream()
                .map(target -> ((DispatchItem.Send) plan.decide(target))
                        .message()
                        .offerIds()
                        .get(0))
                .toList();
    }

    private void recordDelivery(String userId, String offerId) {
        OutgoingMessage message = new OutgoingMessage(userId, "m-" + userId, "{}", List.of(offerId), null);
        new OfferSentRepository(jdbc)
                .recordAll(
                        List.of(new DeliveryResult(
                                message, new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, null, null), 1)),
                        1,
                        AS_OF.minusSeconds(86_400));
    }

    private static TargetRange range(int first, int last) {
        return new TargetRange(INSTANCE, user(first), user(last));
    }

    private static List<DispatchTarget> targets(int first, int last) {
        return IntStream.rangeClosed(first, last)
                .mapToObj(i -> new DispatchTarget(user(i), null))
                .toList();
    }

    private static String user(int i) {
        return "user-" + i;
    }
}
