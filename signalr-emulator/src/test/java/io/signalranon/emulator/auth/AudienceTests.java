package io.signalranon.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audience forms that SDKs are known to sign, against the URL the request really has. */
class AudienceTests {

    private static final Audience SEND_V1 = Audience.parse("http://localhost:8888/api/v1/hubs/offers/users/a%2Fb");
    private static final Audience SEND_2022 =
            Audience.parse("http://localhost:8888/api/hubs/offers/users/u1/:send?api-version=2022-06-01");
    private static final Audience NEGOTIATE = Audience.parse("http://localhost:8888/client/negotiate?hub=offers");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "signalr-client (port, no query)   | http://localhost:8888/api/v1/hubs/offers/users/a%2Fb | true",
                ".NET SDK (no port)                | http://localhost/api/v1/hubs/offers/users/a%2Fb      | true",
                "host and scheme in another case   | HTTP://LocalHost:8888/api/v1/hubs/offers/users/a%2Fb | true",
                "empty query                       | http://localhost:8888/api/v1/hubs/offers/users/a%2Fb? | true",
                "another port                      | http://localhost:9999/api/v1/hubs/offers/users/a%2Fb | false",
                "another host                      | http://127.0.0.1:8888/api/v1/hubs/offers/users/a%2Fb | false",
                "another scheme                    | https://localhost:8888/api/v1/hubs/offers/users/a%2Fb | false",
                "another user                      | http://localhost:8888/api/v1/hubs/offers/users/u2    | false",
                "path decoded                      | http://localhost:8888/api/v1/hubs/offers/users/a/b   | false",
                "path in another case              | http://localhost:8888/api/v1/hubs/OFFERS/users/a%2Fb | false",
                "a query the request does not have | http://localhost:8888/api/v1/hubs/offers/users/a%2Fb?x=1 | false",
                "another hub                       | http://localhost:8888/api/v1/hubs/other/users/a%2Fb  | false",
            })
    void restAudiencesOfAV1Send(String form, String audience, boolean admitted) {
        // when / then
        assertThat(Audience.parse(audience).admitsRequest(SEND_V1)).as(form).isEqualTo(admitted);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "signalr-client (port, no query)           | http://localhost:8888/api/hubs/offers/users/u1/:send | true",
                ".NET Management SDK (no port, with query) | http://localhost/api/hubs/offers/users/u1/:send?api-version=2022-06-01 | true",
                "port and query                            | http://localhost:8888/api/hubs/offers/users/u1/:send?api-version=2022-06-01 | true",
                "another query                             | http://localhost/api/hubs/offers/users/u1/:send?api-version=2021-10-01 | false",
                "another host, no port                     | http://example.com/api/hubs/offers/users/u1/:send | false",
                "another path                              | http://localhost/api/hubs/offers/users/u1 | false",
            })
    void restAudiencesOfA2022Send(String form, String audience, boolean admitted) {
        // when / then
        assertThat(Audience.parse(audience).admitsRequest(SEND_2022)).as(form).isEqualTo(admitted);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "signalr-client, Java SDKs (port)       | http://localhost:8888/client/?hub=offers | true",
                ".NET SDK, Functions binding (no port)  | http://localhost/client/?hub=offers      | true",
                "hub in another case                    | http://localhost:8888/client/?hub=Offers | true",
                "host in another case                   | http://LOCALHOST/client/?hub=offers      | true",
                "another hub                            | http://localhost:8888/client/?hub=other  | false",
                "no hub                                 | http://localhost:8888/client/            | false",
                "hub and more                           | http://localhost:8888/client/?hub=offers&x=1 | false",
                "path without the slash                 | http://localhost:8888/client?hub=offers  | false",
                "the request URL itself                 | http://localhost:8888/client/negotiate?hub=offers | false",
                "another host                           | http://example.com/client/?hub=offers    | false",
                "another port                           | http://localhost:7071/client/?hub=offers | false",
                "a REST audience                        | http://localhost:8888/api/v1/hubs/offers | false",
            })
    void clientAudiences(String form, String audience, boolean admitted) {
        // when / then
        assertThat(Audience.parse(audience).admitsClient(NEGOTIATE, "offers"))
                .as(form)
                .isEqualTo(admitted);
    }

    @Test
    void defaultPortsAreThePortsOfTheirScheme() {
        // given
        Audience request = Audience.parse("https://demo.service.signalr.net/client/?hub=offers");

        // when / then
        assertThat(Audience.parse("https://demo.service.signalr.net:443/client/?hub=offers")
                        .admitsClient(request, "OFFERS"))
                .isTrue();
        assertThat(Audience.parse("https://demo.service.signalr.net:8443/client/?hub=offers")
                        .admitsClient(request, "offers"))
                .isFalse();
    }

    @Test
    void textThatIsNotAnHttpUrlIsNoAudience() {
        // when / then
        assertThat(Audience.parse("offers")).isNull();
        assertThat(Audience.parse("ftp://localhost/client/")).isNull();
        assertThat(Audience.parse("http://localhost:99999/")).isNull();
        assertThat(Audience.parse("http://:80/")).isNull();
    }
}
