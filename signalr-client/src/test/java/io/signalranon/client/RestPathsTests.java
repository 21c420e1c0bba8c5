package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestPathsTests {

    private static final URI LOCAL = URI.create("http://localhost:8888");

    @Test
    void sendToUserMatchesTheUrlVectors() {
        for (JsonNode vector : Vectors.section("urls")) {
            if (!vector.has("userId")) {
                continue;
            }
            // given
            ApiVersion version = vector.get("url").asText().contains("api-version=2022-06-01")
                    ? ApiVersion.V2022_06_01
                    : ApiVersion.V1;
            RestPaths paths = new RestPaths(URI.create(vector.get("endpoint").asText()), version);

            // when
            URI url = paths.sendToUser(
                    vector.get("hub").asText(), vector.get("userId").asText());

            // then
            assertThat(url.toString())
                    .as(vector.get("what").asText())
                    .isEqualTo(vector.get("url").asText());
            assertThat(AccessTokens.audienceOf(url)).isEqualTo(vector.get("aud").asText());
        }
    }

    @Test
    void v1PathsFollowTheReferenceTable() {
        // given
        RestPaths paths = new RestPaths(LOCAL, ApiVersion.V1);

        // when / then
        assertThat(paths.sendToUser("offers", "u")).hasToString("http://localhost:8888/api/v1/hubs/offers/users/u");
        assertThat(paths.user("offers", "u")).hasToString("http://localhost:8888/api/v1/hubs/offers/users/u");
        assertThat(paths.groupUser("offers", "g", "u"))
                .hasToString("http://localhost:8888/api/v1/hubs/offers/groups/g/users/u");
        assertThat(paths.sendToGroup("offers", "g")).hasToString("http://localhost:8888/api/v1/hubs/offers/groups/g");
        assertThat(paths.broadcast("offers")).hasToString("http://localhost:8888/api/v1/hubs/offers");
        assertThat(paths.health()).hasToString("http://localhost:8888/api/v1/health");
    }

    @Test
    void v2022PathsFollowTheReferenceTable() {
        // given
        RestPaths paths = new RestPaths(LOCAL, ApiVersion.V2022_06_01);
        String q = "?api-version=2022-06-01";

        // when / then
        assertThat(paths.sendToUser("offers", "u"))
                .hasToString("http://localhost:8888/api/hubs/offers/users/u/:send" + q);
        assertThat(paths.user("offers", "u")).hasToString("http://localhost:8888/api/hubs/offers/users/u" + q);
        assertThat(paths.groupUser("offers", "g", "u"))
                .hasToString("http://localhost:8888/api/hubs/offers/users/u/groups/g" + q);
        assertThat(paths.sendToGroup("offers", "g"))
                .hasToString("http://localhost:8888/api/hubs/offers/groups/g/:send" + q);
        assertThat(paths.broadcast("offers")).hasToString("http://localhost:8888/api/hubs/offers/:send" + q);
        assertThat(paths.health()).hasToString("http://localhost:8888/api/health" + q);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a/b|a%2Fb",
                "a?b|a%3Fb",
                "a#b|a%23b",
                "a%b|a%25b",
                "a b|a%20b",
                "é|%C3%A9",
                "😀|%F0%9F%98%80",
                "a+b|a%2Bb",
                "a:b;c=d&e|a%3Ab%3Bc%3Dd%26e",
                "AZaz09-._~|AZaz09-._~",
                ".|%2E",
                "..|%2E%2E",
                "...|...",
                "\"|%22",
                "\\|%5C"
            })
    void encodesEverythingButUnreservedCharacters(String segment, String encoded) {
        // when / then
        assertThat(RestPaths.encodeSegment(segment)).isEqualTo(encoded);
    }

    @Test
    void encodedGroupsAndUsersStayInTheirSegment() {
        // given
        RestPaths paths = new RestPaths(LOCAL, ApiVersion.V1);

        // when
        URI url = paths.groupUser("offers", "g/../x", "..");

        // then
        assertThat(url.getRawPath()).isEqualTo("/api/v1/hubs/offers/groups/g%2F..%2Fx/users/%2E%2E");
    }

    @Test
    void rejectsInvalidHubsEmptyUsersAndGroups() {
        // given
        RestPaths paths = new RestPaths(LOCAL, ApiVersion.V1);

        // when / then
        assertThatThrownBy(() -> paths.broadcast("of fers")).hasMessageContaining("hub name");
        assertThatThrownBy(() -> paths.sendToUser("offers", "")).hasMessageContaining("user id");
        assertThatThrownBy(() -> paths.sendToUser("offers", null)).hasMessageContaining("user id");
        assertThatThrownBy(() -> paths.sendToGroup("offers", "")).hasMessageContaining("group name");
        assertThatThrownBy(() -> paths.sendToGroup("offers", "g".repeat(1025))).hasMessageContaining("group name");
        assertThat(paths.sendToGroup("offers", "g".repeat(1024)).toString()).endsWith("g".repeat(1024));
    }
}
