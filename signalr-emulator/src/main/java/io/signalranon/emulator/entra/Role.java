package io.signalranon.emulator.entra;

import java.util.Locale;

/**
 * The built-in roles of Azure SignalR Service that an Entra ID identity may hold, and what each
 * allows: sending through the REST API, fetching the temporary access key
 * ({@code auth/accessKey/action}), generating client tokens ({@code auth/clientToken/action}).
 */
public enum Role {
    /** SignalR Service Owner: everything. */
    SERVICE_OWNER("service-owner", true, true, true),
    /** SignalR REST API Owner: REST sends and {@code :generateToken}, not the access key. */
    REST_API_OWNER("rest-api-owner", true, false, true),
    /** SignalR App Server: the temporary access key (the server SDKs' negotiate), not REST sends. */
    APP_SERVER("app-server", false, true, false);

    private final String label;
    private final boolean sends;
    private final boolean accessKey;
    private final boolean clientToken;

    Role(String label, boolean sends, boolean accessKey, boolean clientToken) {
        this.label = label;
        this.sends = sends;
        this.accessKey = accessKey;
        this.clientToken = clientToken;
    }

    /** What an identity may be asked to do. */
    public enum Action {
        /** Calls of the REST data plane (sends, groups, user checks). */
        REST("Microsoft.SignalRService/SignalR/hub/send/action", "SignalR REST API Owner or SignalR Service Owner"),
        /** {@code GET /api/v1/auth/accessKey}. */
        ACCESS_KEY(
                "Microsoft.SignalRService/SignalR/auth/accessKey/action",
                "SignalR App Server or SignalR Service Owner"),
        /** {@code POST /api/hubs/{hub}/:generateToken}. */
        CLIENT_TOKEN(
                "Microsoft.SignalRService/SignalR/auth/clientToken/action",
                "SignalR REST API Owner or SignalR Service Owner");

        private final String dataAction;
        private final String roles;

        Action(String dataAction, String roles) {
            this.dataAction = dataAction;
            this.roles = roles;
        }

        /** The 403 message: the data action and the roles that have it. */
        public String denial() {
            return "the identity is not allowed to perform " + dataAction + " (roles: " + roles + ")";
        }
    }

    /** Whether this role allows {@code action}. */
    public boolean allows(Action action) {
        return switch (action) {
            case REST -> sends;
            case ACCESS_KEY -> accessKey;
            case CLIENT_TOKEN -> clientToken;
        };
    }

    /** The command line's name of the role. */
    public String label() {
        return label;
    }

    /**
     * The role named {@code label} ({@code service-owner}, {@code rest-api-owner}, {@code app-server}).
     *
     * @throws IllegalArgumentException naming the known roles
     */
    public static Role of(String label) {
        for (Role role : values()) {
            if (role.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                "role must be service-owner, rest-api-owner or app-server, got '" + label + "'");
    }
}
