package io.signalranon.dispatcher.delivery;

import io.signalranon.client.ApiVersion;
import io.signalranon.client.Hubs;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where messages go ({@code dispatcher.signalr.*}). The connection string is read from
 * {@code SIGNALR_CONNECTION_STRING}, else {@code AzureSignalRConnectionString}, else
 * {@code dispatcher.signalr.connection-string}; see {@link SignalRConnection}.
 *
 * @param connectionString the connection string when not given by the environment variables
 * @param hub the hub the pages connect to
 * @param target the client method that receives the offers
 * @param apiVersion the REST API version: {@code v1} or {@code 2022-06-01}
 */
@ConfigurationProperties("dispatcher.signalr")
public record SignalRProperties(
        String connectionString,
        @DefaultValue("offers") String hub,
        @DefaultValue("offers") String target,
        @DefaultValue("v1") String apiVersion) {

    public SignalRProperties {
        Hubs.requireValid(hub);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("dispatcher.signalr.target must not be empty");
        }
        ApiVersion.fromLabel(apiVersion);
    }

    public ApiVersion version() {
        return ApiVersion.fromLabel(apiVersion);
    }
}
