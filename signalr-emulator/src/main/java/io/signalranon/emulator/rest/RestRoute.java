package io.signalranon.emulator.rest;

import io.signalranon.client.ApiVersion;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One REST data-plane operation, with its path parameters decoded.
 *
 * @param operation what the request asks for
 * @param apiVersion the API version of the path
 * @param hub the hub, or {@code null} for health
 * @param userId the user, or {@code null}
 * @param group the group, or {@code null}
 */
public record RestRoute(
        Operation operation,
        ApiVersion apiVersion,
        @Nullable String hub,
        @Nullable String userId,
        @Nullable String group) {

    /** The operations of the data plane. */
    public enum Operation {
        SEND_TO_USER(true),
        USER_EXISTS(false),
        ADD_USER_TO_GROUP(false),
        REMOVE_USER_FROM_GROUP(false),
        SEND_TO_GROUP(true),
        BROADCAST(true),
        HEALTH(false),
        /** {@code GET /api/v1/auth/accessKey}: a temporary access key, for Entra ID identities. */
        ACCESS_KEY(false),
        /** {@code POST /api/hubs/{hub}/:generateToken}: a client token made by the service. */
        GENERATE_TOKEN(false);

        private final boolean send;

        Operation(boolean send) {
            this.send = send;
        }

        /** Whether the request carries a message body. */
        public boolean isSend() {
            return send;
        }
    }

    public RestRoute {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }

    /** The hub of an operation on a hub: every operation but the health check and the access key. */
    public String requireHub() {
        return Objects.requireNonNull(hub, () -> operation + " has no hub");
    }

    /** The user of an operation on a user. */
    public String requireUserId() {
        return Objects.requireNonNull(userId, () -> operation + " has no user");
    }
}
