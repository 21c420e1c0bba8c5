package io.signalranon.negotiate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalranon.negotiate.UserIdSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IDEs complete and document every setting: the configuration processor's metadata lists them. */
class NegotiatePropertiesMetadataTests {

    @Test
    void everySettingHasItsTypeItsDescriptionAndItsDefault() throws Exception {
        // given
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }

        // when
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));

        // then
        assertThat(properties)
                .containsOnlyKeys(
                        "signalr.negotiate.enabled",
                        "signalr.negotiate.hub",
                        "signalr.negotiate.route",
                        "signalr.negotiate.user-id.source",
                        "signalr.negotiate.user-id.name",
                        "signalr.negotiate.allowed-origins",
                        "signalr.negotiate.token-lifetime",
                        "signalr.negotiate.visitor-cookie-max-age",
                        "signalr.negotiate.rate-limit.per-second",
                        "signalr.negotiate.rate-limit.burst",
                        "signalr.negotiate.connection-string");
        properties
                .values()
                .forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
        assertThat(properties
                        .get("signalr.negotiate.token-lifetime")
                        .get("defaultValue")
                        .asText())
                .isEqualTo("1h");
        assertThat(properties
                        .get("signalr.negotiate.user-id.name")
                        .get("defaultValue")
                        .asText())
                .isEqualTo("sa_vid");
    }

    @Test
    void theVisitorIdSourceCompletesToTheSourcesTheLibraryKnows() throws Exception {
        // given
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }

        // when
        List<String> values = new ArrayList<>();
        metadata.get("hints").forEach(hint -> {
            if (hint.get("name").asText().equals("signalr.negotiate.user-id.source")) {
                hint.get("values")
                        .forEach(value -> values.add(value.get("value").asText()));
            }
        });

        // then
        assertThat(values)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(UserIdSource.Kind.values())
                        .map(UserIdSource.Kind::label)
                        .toList())
                .first()
                .isEqualTo("signed-cookie");
    }
}
