package io.signalranon.emulator.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegotiateConfigTests {

    @TempDir
    Path dir;

    @Test
    void readsThePluginsFile() throws Exception {
        // given
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, """
                {"hub": "offers", "url": "http://localhost:8888/client/?hub=offers",
                 "userId": {"source": "cookie", "name": "ajs_anonymous_id"}, "userIdClaims": ["nameid", "asrs.s.uid"],
                 "tokenLifetime": "PT30M", "tokenLifetimeSeconds": 1800, "route": "offers/negotiate",
                 "connectionStringSetting": "AzureSignalRConnectionString"}
                """);

        // when
        NegotiateConfig config = NegotiateConfig.read(file);

        // then
        assertThat(config)
                .isEqualTo(new NegotiateConfig(
                        "offers",
                        List.of(new VisitorIdSource(VisitorIdSource.Kind.COOKIE, "ajs_anonymous_id")),
                        Duration.ofMinutes(30),
                        "offers/negotiate"));
        assertThat(config.basePath()).isEqualTo("/api/offers");
    }

    @Test
    void namesTheFileAndTheProblem() throws Exception {
        // given
        Path noSource = dir.resolve("a.json");
        Files.writeString(noSource, "{\"hub\":\"offers\",\"userId\":{\"name\":\"x\"},\"tokenLifetimeSeconds\":60}");
        Path badKind = dir.resolve("b.json");
        Files.writeString(
                badKind,
                "{\"hub\":\"offers\",\"userId\":{\"source\":\"body\",\"name\":\"x\"},\"tokenLifetimeSeconds\":60}");
        Path notJson = dir.resolve("c.json");
        Files.writeString(notJson, "hub=offers");
        Path badRoute = dir.resolve("d.json");
        Files.writeString(
                badRoute,
                "{\"hub\":\"offers\",\"userId\":{\"source\":\"query\",\"name\":\"x\"},\"tokenLifetimeSeconds\":60,"
                        + "\"route\":\"/connect\"}");

        // when / then
        assertThatThrownBy(() -> NegotiateConfig.read(noSource))
                .hasMessageContaining("a.json")
                .hasMessageContaining("source");
        assertThatThrownBy(() -> NegotiateConfig.read(badKind)).hasMessageContaining("header, query or cookie");
        assertThatThrownBy(() -> NegotiateConfig.read(notJson)).hasMessageContaining("c.json is not a negotiate.json");
        assertThatThrownBy(() -> NegotiateConfig.read(badRoute)).hasMessageContaining("route");
    }
}
