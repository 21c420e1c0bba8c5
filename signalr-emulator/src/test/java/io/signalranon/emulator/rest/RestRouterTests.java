package io.signalranon.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ApiVersion;
import io.signalranon.emulator.rest.RestRoute.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestRouterTests {

    @ParameterizedTest
    @CsvSource({
        "POST, /api/v1/hubs/h/users/u, SEND_TO_USER, V1",
        "HEAD, /api/v1/hubs/h/users/u, USER_EXISTS, V1",
        "GET, /api/v1/hubs/h/users/u, USER_EXISTS, V1",
        "PUT, /api/v1/hubs/h/groups/g/users/u, ADD_USER_TO_GROUP, V1",
        "DELETE, /api/v1/hubs/h/groups/g/users/u, REMOVE_USER_FROM_GROUP, V1",
        "POST, /api/v1/hubs/h/groups/g, SEND_TO_GROUP, V1",
        "POST, /api/v1/hubs/h, BROADCAST, V1",
        "GET, /api/v1/health, HEALTH, V1",
        "HEAD, /api/v1/health, HEALTH, V1",
        "POST, /api/hubs/h/users/u/:send, SEND_TO_USER, V2022_06_01",
        "HEAD, /api/hubs/h/users/u, USER_EXISTS, V2022_06_01",
        "GET, /api/hubs/h/users/u, USER_EXISTS, V2022_06_01",
        "PUT, /api/hubs/h/users/u/groups/g, ADD_USER_TO_GROUP, V2022_06_01",
        "DELETE, /api/hubs/h/users/u/groups/g, REMOVE_USER_FROM_GROUP, V2022_06_01",
        "POST, /api/hubs/h/groups/g/:send, SEND_TO_GROUP, V2022_06_01",
        "POST, /api/hubs/h/:send, BROADCAST, V2022_06_01",
        "HEAD, /api/health, HEALTH, V2022_06_01",
        "GET, /api/v1/auth/accessKey, ACCESS_KEY, V1",
        "GET, /api/auth/accessKey, ACCESS_KEY, V2022_06_01",
        "POST, /api/hubs/h/:generateToken, GENERATE_TOKEN, V2022_06_01"
    })
    void routesEveryOperationOfTheReferenceTable(String method, String path, Operation operation, ApiVersion version) {
        // when
        RestRouter.Match match = RestRouter.route(method, path);

        // then
        assertThat(match).isInstanceOf(RestRouter.Found.class);
        RestRoute route = ((RestRouter.Found) match).route();
        assertThat(route.operation()).isEqualTo(operation);
        assertThat(route.apiVersion()).isEqualTo(version);
    }

    @Test
    void decodesEachSegmentAfterSplitting() {
        // when
        RestRouter.Match match = RestRouter.route(
                "PUT", "/api/v1/hubs/offers/groups/g%2F1/users/a%2Fb%3Fc%23d%20%25%C3%A9%F0%9F%98%80+");

        // then
        assertThat(match)
                .isEqualTo(new RestRouter.Found(
                        new RestRoute(Operation.ADD_USER_TO_GROUP, ApiVersion.V1, "offers", "a/b?c#d %é😀+", "g/1")));
    }

    @Test
    void unknownPathsWrongMethodsAndBadEncodingsAreNotRoutes() {
        // when / then
        assertThat(RestRouter.route("POST", "/api/v1/hubs/h/users")).isInstanceOf(RestRouter.NotFound.class);
        assertThat(RestRouter.route("POST", "/api/v1/hubs/h/users/")).isInstanceOf(RestRouter.NotFound.class);
        assertThat(RestRouter.route("POST", "/api/v2/hubs/h")).isInstanceOf(RestRouter.NotFound.class);
        assertThat(RestRouter.route("POST", "/api/v1/hubs/h/users/%E9")).isInstanceOf(RestRouter.NotFound.class);
        assertThat(RestRouter.route("POST", "/api/v1/hubs/h/users/%4")).isInstanceOf(RestRouter.NotFound.class);
        assertThat(RestRouter.route("DELETE", "/api/v1/hubs/h/users/u"))
                .isEqualTo(new RestRouter.MethodNotAllowed(
                        new java.util.TreeSet<>(java.util.Set.of("GET", "HEAD", "POST"))));
    }
}
