package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every case of the shared test vectors {@code decisions.json} and {@code holdout.json}.
 */
class SharedVectorsTests {

    private static final JsonMapper JSON = JsonMapper.shared();

    @TestFactory
    Stream<DynamicTest> decisionVectors() throws IOException {
        JsonNode vectors = read("/vectors/decisions.json");
        Catalog catalog = Catalog.parse(JSON.writeValueAsString(vectors.get("catalog")), "decisions.json");
        DecisionEngine engine = new DecisionEngine(catalog);
        assertThat(vectors.get("cases").size()).isEqualTo(9);
        return vectors.get("cases")
                .valueStream()
                .map((testCase) -> DynamicTest.dynamicTest(
                        testCase.get("name").stringValue(), () -> assertDecision(engine, testCase)));
    }

    @TestFactory
    Stream<DynamicTest> holdoutVectors() throws IOException {
        JsonNode vectors = read("/vectors/holdout.json");
        assertThat(vectors.get("cases").size()).isEqualTo(18);
        return vectors.get("cases").valueStream().map((testCase) -> {
            String salt = testCase.get("salt").stringValue();
            String userId = testCase.get("userId").stringValue();
            int expected = testCase.get("bucket").intValue();
            return DynamicTest.dynamicTest(
                    "salt '" + salt + "', user '" + userId + "' is in bucket " + expected,
                    () -> assertHoldout(salt, userId, expected));
        });
    }

    private static void assertDecision(DecisionEngine engine, JsonNode testCase) {
        // given
        Set<String> memberships = new HashSet<>();
        testCase.get("memberships").forEach((audience) -> memberships.add(audience.stringValue()));
        Map<String, List<Instant>> deliveries = new HashMap<>();
        testCase.get("deliveries")
                .forEach((delivery) -> deliveries
                        .computeIfAbsent(delivery.get("offer").stringValue(), (id) -> new ArrayList<>())
                        .add(Instant.parse(delivery.get("at").stringValue())));
        Instant asOf = Instant.parse(testCase.get("asOf").stringValue());

        // when
        Decision decision = engine.decide("user-1", memberships, asOf, DeliveryHistory.of(deliveries));

        // then
        List<String> expected = testCase.get("expected")
                .valueStream()
                .map((choice) -> choice.get("placement").stringValue() + "/"
                        + choice.get("offer").stringValue())
                .toList();
        assertThat(decision.holdout()).isFalse();
        assertThat(decision.offers())
                .extracting((offer) -> offer.placement() + "/" + offer.offerId())
                .containsExactlyElementsOf(expected);
    }

    private static void assertHoldout(String salt, String userId, int expectedBucket) {
        // given
        Holdout atBucket = new Holdout(expectedBucket, salt);
        Holdout aboveBucket = new Holdout(expectedBucket + 1, salt);

        // when
        int bucket = atBucket.bucket(userId);

        // then
        assertThat(bucket).isEqualTo(expectedBucket);
        assertThat(atBucket.holdsOut(userId)).isFalse();
        assertThat(aboveBucket.holdsOut(userId)).isTrue();
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readTree(in);
        }
    }
}
