package io.signalranon.negotiate.visitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared vectors of {@code vectors/visitor-cookie.json}. */
class VisitorCookieVectorsTests {

    private static final JsonNode VECTORS = load();
    private static final VisitorCookies COOKIES =
            new VisitorCookies(VisitorKeys.parse(VECTORS.get("keys").asText()));
    private static final Instant NOW = Instant.ofEpochSecond(VECTORS.get("now").asLong());

    static Stream<Named<JsonNode>> cases() {
        List<Named<JsonNode>> cases = new ArrayList<>();
        VECTORS.get("cases").forEach(c -> cases.add(Named.of(c.get("name").asText(), c)));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(14);
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifiesEachCookieAsTheVectorsSay(JsonNode vector) {
        // when
        Verification verification = COOKIES.verify(vector.get("cookie").asText(), NOW);

        // then
        if (vector.get("valid").asBoolean()) {
            assertThat(verification)
                    .isInstanceOfSatisfying(
                            Verification.Valid.class,
                            valid -> assertThat(valid.visitorId())
                                    .isEqualTo(vector.get("visitorId").asText()));
        } else {
            assertThat(verification)
                    .isInstanceOfSatisfying(
                            Verification.Refused.class,
                            refused -> assertThat(refused.reason().label())
                                    .isEqualTo(vector.get("reason").asText()));
        }
    }

    @Test
    void signsExactlyTheExpectedValue() {
        // given
        JsonNode signing = VECTORS.get("signing");

        // when
        String cookie = COOKIES.sign(
                signing.get("visitorId").asText(),
                Instant.ofEpochSecond(signing.get("exp").asLong()));

        // then
        assertThat(signing.get("kid").asText()).isEqualTo("k2");
        assertThat(cookie).isEqualTo(signing.get("expected").asText());
    }

    @Test
    void theSecondKeyAloneStillVerifiesWhatItSigned() {
        // given: after rotation k1 signs no more, but its cookies stay valid while it is listed
        String[] keys = VECTORS.get("keys").asText().split(",");
        VisitorCookies onlyOld = new VisitorCookies(VisitorKeys.parse(keys[1]));
        VisitorCookies onlyNew = new VisitorCookies(VisitorKeys.parse(keys[0]));
        String signedByOld = VECTORS.get("cases").get(1).get("cookie").asText();

        // when / then
        assertThat(onlyOld.verify(signedByOld, NOW)).isInstanceOf(Verification.Valid.class);
        assertThat(onlyNew.verify(signedByOld, NOW))
                .isEqualTo(new Verification.Refused(Verification.Reason.UNKNOWN_KID));
    }

    private static JsonNode load() {
        try (InputStream in = VisitorCookieVectorsTests.class.getResourceAsStream("/vectors/visitor-cookie.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
