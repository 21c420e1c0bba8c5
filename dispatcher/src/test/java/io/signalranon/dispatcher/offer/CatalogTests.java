package io.signalranon.dispatcher.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.signalranon.dispatcher.offer.CatalogException.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class CatalogTests {

    private static final String HERO = "{'id': 'hero', 'fallback': 'fb'}";

    private static final String FB = "{'id': 'fb', 'placement': 'hero', 'priority': 0, 'content': {}}";

    @Test
    void sampleCatalogLoads() {
        // given
        Path sample = Path.of("..", "sample-data", "offers.json");

        // when
        Catalog catalog = Catalog.load(sample);

        // then
        assertThat(catalog.placements()).extracting(Placement::id).containsExactly("hero", "banner", "inbox");
        assertThat(catalog.placements()).extracting(Placement::maxItems).containsExactly(1, 2, 3);
        assertThat(catalog.placements())
                .extracting(Placement::fallback)
                .containsExactly("welcome-hero", "free-returns", null);
        assertThat(catalog.holdout()).isEqualTo(new Holdout(5, "2026-q4"));
        assertThat(catalog.offers()).hasSize(12);
        assertThat(catalog.longestCapWindow()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void sampleCatalogUsesTheSampleAudiences() {
        // given
        Catalog catalog = Catalog.load(Path.of("..", "sample-data", "offers.json"));
        DecisionEngine engine = new DecisionEngine(catalog);
        Instant asOf = Instant.parse("2026-12-01T12:00:00Z");
        String userOutsideHoldout = "3f2b6c1e-0d5e-4a51-9c33-6a8f0c1b2d7e";

        // when
        Decision aepCartAbandoner = engine.decide(
                userOutsideHoldout, Set.of("7a41c2e0-aaaa-bbbb-cccc-000000000001"), asOf, DeliveryHistory.none());
        Decision mparticleCartAbandoner = engine.decide(
                userOutsideHoldout, Set.of("8812345", "newsletter_subscribers"), asOf, DeliveryHistory.none());
        Decision lead = engine.decide(
                userOutsideHoldout, Set.of("leads", "newsletter_subscribers"), asOf, DeliveryHistory.none());

        // then
        assertThat(aepCartAbandoner.offerIds()).containsExactly("cart-10", "newsletter-signup", "holiday-gift-guide");
        assertThat(mparticleCartAbandoner.offerIds()).containsExactly("cart-10", "free-returns", "holiday-gift-guide");
        assertThat(lead.offerIds())
                .containsExactly("welcome-hero", "free-returns", "lead-buying-guide", "holiday-gift-guide");
    }

    @Test
    void optionalPartsTakeTheirDefaults() {
        // given
        String json = catalog(
                "{'id': 'side'}",
                "{'id': 'a', 'placement': 'side', 'priority': 1, 'content': {}}",
                "{'id': 'b', 'placement': 'side', 'priority': 2, 'eligibility': {}, 'content': {'x': 1}}");

        // when
        Catalog catalog = Catalog.parse(json, "offers.json");

        // then
        assertThat(catalog.holdout()).isEqualTo(Holdout.NONE);
        assertThat(catalog.placements()).containsExactly(new Placement("side", 1, null));
        assertThat(catalog.offers())
                .extracting(Offer::eligibility)
                .containsExactly(Eligibility.everyone(), Eligibility.everyone());
        assertThat(catalog.offers()).allSatisfy((offer) -> {
            assertThat(offer.validFrom()).isNull();
            assertThat(offer.validTo()).isNull();
            assertThat(offer.cap()).isNull();
        });
        assertThat(catalog.longestCapWindow()).isEqualTo(Duration.ZERO);
    }

    @Test
    void contentIsKeptAsWritten() {
        // given
        String content = "{\"title\":\"Winter sale é😀\",\"discount\":0.40,\"big\":123456789012345678901234567890,"
                + "\"tags\":[\"a\",null,true,{\"deep\":[1.50,-2]}],\"empty\":{}}";
        String json = catalog(
                "{'id': 'hero'}", "{'id': 'a', 'placement': 'hero', 'priority': 1, 'content': " + content + "}");

        // when
        Catalog catalog = Catalog.parse(json, "offers.json");

        // then
        assertThat(JsonMapper.shared()
                        .writeValueAsString(catalog.offers().get(0).content()))
                .isEqualTo(content);
    }

    @Test
    void nestedEligibilityIsParsedIntoATree() {
        // given
        String json = catalog(
                "{'id': 'hero'}",
                "{'id': 'a', 'placement': 'hero', 'priority': 1, 'content': {},"
                        + " 'eligibility': {'all': ['s1'], 'any': [{'not': ['s2']}, 's3'], 'not': [{'all': ['s4', 's5']}]}}");

        // when
        Eligibility eligibility =
                Catalog.parse(json, "offers.json").offers().get(0).eligibility();

        // then
        Eligibility.Audience s1 = new Eligibility.Audience("s1");
        assertThat(eligibility)
                .isEqualTo(new Eligibility.Condition(
                        List.of(s1),
                        List.of(
                                new Eligibility.Condition(
                                        List.of(), List.of(), List.of(new Eligibility.Audience("s2"))),
                                new Eligibility.Audience("s3")),
                        List.of(new Eligibility.Condition(
                                List.of(new Eligibility.Audience("s4"), new Eligibility.Audience("s5")),
                                List.of(),
                                List.of()))));
    }

    @Test
    void loadReadsAFile(@TempDir Path directory) throws IOException {
        // given
        Path file = directory.resolve("offers.json");
        Files.writeString(file, catalog(HERO, FB), StandardCharsets.UTF_8);

        // when
        Catalog catalog = Catalog.load(file);

        // then
        assertThat(catalog.offers()).extracting(Offer::id).containsExactly("fb");
    }

    @Test
    void loadReportsAFileThatCannotBeRead(@TempDir Path directory) {
        // given
        Path missing = directory.resolve("missing.json");

        // when / then
        assertThatExceptionOfType(CatalogException.class)
                .isThrownBy(() -> Catalog.load(missing))
                .withMessage(missing + ": cannot be read: no such file")
                .satisfies((ex) -> {
                    assertThat(ex.source()).isEqualTo(missing.toString());
                    assertThat(ex.part()).isEqualTo(Part.CATALOG);
                });
    }

    @Test
    void loadReportsADirectory(@TempDir Path directory) {
        // when / then
        assertThatExceptionOfType(CatalogException.class)
                .isThrownBy(() -> Catalog.load(directory))
                .withMessageStartingWith(directory + ": cannot be read: ");
    }

    @Test
    void validFromAfterValidToNamesTheOfferAndBothInstants() {
        // given
        String json = catalog(
                "{'id': 'hero'}",
                "{'id': 'cart-10', 'placement': 'hero', 'priority': 90, 'content': {},"
                        + " 'validFrom': '2027-01-01T00:00:00Z', 'validTo': '2026-12-01T00:00:00Z'}");

        // when / then
        assertThatExceptionOfType(CatalogException.class)
                .isThrownBy(() -> Catalog.parse(json, "offers.json"))
                .withMessage("offers.json: offer 'cart-10': validFrom 2027-01-01T00:00:00Z is after validTo "
                        + "2026-12-01T00:00:00Z")
                .satisfies((ex) -> {
                    assertThat(ex.source()).isEqualTo("offers.json");
                    assertThat(ex.part()).isEqualTo(Part.OFFER);
                    assertThat(ex.id()).isEqualTo("cart-10");
                    assertThat(ex.rule())
                            .isEqualTo("validFrom 2027-01-01T00:00:00Z is after validTo 2026-12-01T00:00:00Z");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCatalogs")
    void invalidCatalogIsRejected(String description, String json, Part part, String id, String message) {
        // when / then
        assertThatExceptionOfType(CatalogException.class)
                .isThrownBy(() -> Catalog.parse(json, "offers.json"))
                .satisfies((ex) -> {
                    assertThat(ex.part()).isEqualTo(part);
                    assertThat(ex.id()).isEqualTo(id);
                    assertThat(ex.getMessage()).startsWith("offers.json: ").contains(message);
                });
    }

    static Stream<Arguments> invalidCatalogs() {
        return Stream.of(
                arguments("not JSON at all", "hello", Part.CATALOG, null, "not valid JSON at line 1"),
                arguments("empty file", "", Part.CATALOG, null, "is empty"),
                arguments("trailing content", catalog(HERO, FB) + " {}", Part.CATALOG, null, "not valid JSON"),
                arguments(
                        "duplicate key",
                        json("{'placements': [], 'offers': [], 'offers': []}"),
                        Part.CATALOG,
                        null,
                        "not valid JSON"),
                arguments("top level is a list", "[]", Part.CATALOG, null, "the top level must be a JSON object"),
                arguments(
                        "unknown top-level key",
                        json("{'placements': [], 'offers': [], 'offer': []}"),
                        Part.CATALOG,
                        null,
                        "unknown key 'offer' in the top level"),
                arguments("placements missing", json("{'offers': []}"), Part.CATALOG, null, "'placements' is required"),
                arguments(
                        "offers not a list",
                        json("{'placements': [], 'offers': {}}"),
                        Part.CATALOG,
                        null,
                        "'offers' must be a list"),
                arguments(
                        "placement without id",
                        catalog("{'maxItems': 2}"),
                        Part.PLACEMENT,
                        null,
                        "placements[0]: 'id' must be a non-empty string"),
                arguments(
                        "placement not an object",
                        catalog("'hero'"),
                        Part.PLACEMENT,
                        null,
                        "placements[0] must be a JSON object"),
                arguments(
                        "duplicate placement id",
                        catalog("{'id': 'hero'}, {'id': 'hero'}"),
                        Part.PLACEMENT,
                        "hero",
                        "duplicate placement id"),
                arguments(
                        "maxItems zero",
                        catalog("{'id': 'hero', 'maxItems': 0}"),
                        Part.PLACEMENT,
                        "hero",
                        "maxItems must be >= 1, was 0"),
                arguments(
                        "maxItems not an integer",
                        catalog("{'id': 'hero', 'maxItems': 1.5}"),
                        Part.PLACEMENT,
                        "hero",
                        "'maxItems' must be an integer"),
                arguments(
                        "maxItems a string",
                        catalog("{'id': 'hero', 'maxItems': '2'}"),
                        Part.PLACEMENT,
                        "hero",
                        "'maxItems' must be an integer"),
                arguments(
                        "unknown placement key",
                        catalog("{'id': 'hero', 'max': 2}"),
                        Part.PLACEMENT,
                        "hero",
                        "unknown key 'max'"),
                arguments(
                        "fallback that does not exist",
                        catalog("{'id': 'hero', 'fallback': 'nope'}"),
                        Part.PLACEMENT,
                        "hero",
                        "fallback 'nope' is not an offer of the catalog"),
                arguments(
                        "fallback of another placement",
                        catalog(
                                "{'id': 'hero', 'fallback': 'fb'}, {'id': 'side'}",
                                "{'id': 'fb', 'placement': 'side', 'priority': 0, 'content': {}}"),
                        Part.PLACEMENT,
                        "hero",
                        "fallback 'fb' belongs to placement 'side'"),
                arguments(
                        "offer without id",
                        catalog(HERO, "{'placement': 'hero'}"),
                        Part.OFFER,
                        null,
                        "offers[0]: 'id' must be a non-empty string"),
                arguments(
                        "offer with empty id",
                        catalog(HERO, FB, "{'id': '', 'placement': 'hero'}"),
                        Part.OFFER,
                        null,
                        "offers[1]: 'id' must be a non-empty string"),
                arguments("duplicate offer id", catalog(HERO, FB, FB), Part.OFFER, "fb", "duplicate offer id"),
                arguments(
                        "unknown placement",
                        catalog(HERO, FB, "{'id': 'a', 'placement': 'nope', 'priority': 1, 'content': {}}"),
                        Part.OFFER,
                        "a",
                        "unknown placement 'nope'"),
                arguments(
                        "priority missing",
                        catalog(HERO, FB, "{'id': 'a', 'placement': 'hero', 'content': {}}"),
                        Part.OFFER,
                        "a",
                        "'priority' is required"),
                arguments(
                        "priority too large",
                        catalog(HERO, FB, "{'id': 'a', 'placement': 'hero', 'priority': 1e99, 'content': {}}"),
                        Part.OFFER,
                        "a",
                        "'priority' must be an integer"),
                arguments(
                        "content missing",
                        catalog(HERO, FB, "{'id': 'a', 'placement': 'hero', 'priority': 1}"),
                        Part.OFFER,
                        "a",
                        "'content' is required"),
                arguments(
                        "content not an object",
                        catalog(HERO, FB, "{'id': 'a', 'placement': 'hero', 'priority': 1, 'content': 'hello'}"),
                        Part.OFFER,
                        "a",
                        "'content' must be a JSON object"),
                arguments(
                        "misspelt offer key",
                        catalog(HERO, FB, offer("'validfrom': '2026-12-01T00:00:00Z'")),
                        Part.OFFER,
                        "a",
                        "unknown key 'validfrom'"),
                arguments(
                        "eligibility with an unknown key",
                        catalog(HERO, FB, offer("'eligibility': {'one': ['s1']}")),
                        Part.OFFER,
                        "a",
                        "unknown key 'one' in eligibility"),
                arguments(
                        "eligibility a number",
                        catalog(HERO, FB, offer("'eligibility': 42")),
                        Part.OFFER,
                        "a",
                        "eligibility must be an audience id or an object"),
                arguments(
                        "eligibility null",
                        catalog(HERO, FB, offer("'eligibility': null")),
                        Part.OFFER,
                        "a",
                        "eligibility must be an audience id or an object"),
                arguments(
                        "eligibility a list",
                        catalog(HERO, FB, offer("'eligibility': ['s1']")),
                        Part.OFFER,
                        "a",
                        "eligibility must be an audience id or an object"),
                arguments(
                        "eligibility all not a list",
                        catalog(HERO, FB, offer("'eligibility': {'all': 's1'}")),
                        Part.OFFER,
                        "a",
                        "'all' must be a list"),
                arguments(
                        "eligibility empty string",
                        catalog(HERO, FB, offer("'eligibility': ''")),
                        Part.OFFER,
                        "a",
                        "eligibility must not be an empty audience id"),
                arguments(
                        "nested empty audience",
                        catalog(HERO, FB, offer("'eligibility': {'not': [{'any': ['s1', '']}]}")),
                        Part.OFFER,
                        "a",
                        "eligibility.not[0].any[1] must not be an empty audience id"),
                arguments(
                        "nested wrong type",
                        catalog(HERO, FB, offer("'eligibility': {'any': [{'all': [7]}]}")),
                        Part.OFFER,
                        "a",
                        "eligibility.any[0].all[0] must be an audience id or an object"),
                arguments(
                        "empty any",
                        catalog(HERO, FB, offer("'eligibility': {'all': ['s1'], 'any': []}")),
                        Part.OFFER,
                        "a",
                        "eligibility.any must not be empty"),
                arguments(
                        "validFrom equal to validTo",
                        catalog(
                                HERO,
                                FB,
                                offer("'validFrom': '2026-12-01T00:00:00Z', 'validTo': '2026-12-01T00:00:00Z'")),
                        Part.OFFER,
                        "a",
                        "validFrom 2026-12-01T00:00:00Z equals validTo 2026-12-01T00:00:00Z"),
                arguments(
                        "bad instant",
                        catalog(HERO, FB, offer("'validTo': '2026-13-01T00:00:00Z'")),
                        Part.OFFER,
                        "a",
                        "'validTo' is not an ISO-8601 instant"),
                arguments(
                        "date without time",
                        catalog(HERO, FB, offer("'validFrom': '2026-12-01'")),
                        Part.OFFER,
                        "a",
                        "'validFrom' is not an ISO-8601 instant"),
                arguments(
                        "instant not a string",
                        catalog(HERO, FB, offer("'validFrom': 1764547200000")),
                        Part.OFFER,
                        "a",
                        "'validFrom' must be a string"),
                arguments(
                        "cap max zero",
                        catalog(HERO, FB, offer("'cap': {'max': 0, 'days': 7}")),
                        Part.OFFER,
                        "a",
                        "cap max must be >= 1, was 0"),
                arguments(
                        "cap days zero",
                        catalog(HERO, FB, offer("'cap': {'max': 1, 'days': 0}")),
                        Part.OFFER,
                        "a",
                        "cap days must be >= 1, was 0"),
                arguments(
                        "cap days missing",
                        catalog(HERO, FB, offer("'cap': {'max': 1}")),
                        Part.OFFER,
                        "a",
                        "'days' is required in cap"),
                arguments(
                        "cap with an unknown key",
                        catalog(HERO, FB, offer("'cap': {'max': 1, 'days': 7, 'hours': 1}")),
                        Part.OFFER,
                        "a",
                        "unknown key 'hours' in cap"),
                arguments(
                        "cap not an object",
                        catalog(HERO, FB, offer("'cap': 3")),
                        Part.OFFER,
                        "a",
                        "cap must be a JSON object"),
                arguments(
                        "holdout above 100",
                        withHoldout("{'percent': 101, 'salt': 's'}"),
                        Part.HOLDOUT,
                        null,
                        "holdout: percent must be between 0 and 100, was 101"),
                arguments(
                        "holdout negative",
                        withHoldout("{'percent': -1, 'salt': 's'}"),
                        Part.HOLDOUT,
                        null,
                        "percent must be between 0 and 100, was -1"),
                arguments(
                        "holdout fraction",
                        withHoldout("{'percent': 2.5, 'salt': 's'}"),
                        Part.HOLDOUT,
                        null,
                        "'percent' must be an integer"),
                arguments(
                        "holdout without percent",
                        withHoldout("{'salt': 's'}"),
                        Part.HOLDOUT,
                        null,
                        "'percent' is required in holdout"),
                arguments(
                        "holdout with an unknown key",
                        withHoldout("{'percent': 5, 'seed': 's'}"),
                        Part.HOLDOUT,
                        null,
                        "unknown key 'seed' in holdout"),
                arguments(
                        "holdout salt not a string",
                        withHoldout("{'percent': 5, 'salt': 2026}"),
                        Part.HOLDOUT,
                        null,
                        "'salt' must be a string"));
    }

    private static String offer(String fields) {
        return "{'id': 'a', 'placement': 'hero', 'priority': 1, 'content': {}, " + fields + "}";
    }

    private static String withHoldout(String holdout) {
        return json("{'placements': [], 'holdout': " + holdout + ", 'offers': []}");
    }

    private static String catalog(String placements, String... offers) {
        return json("{'placements': [" + placements + "], 'offers': [" + String.join(", ", offers) + "]}");
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
