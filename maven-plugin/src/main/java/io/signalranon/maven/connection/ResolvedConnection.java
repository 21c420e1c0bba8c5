package io.signalranon.maven.connection;

import io.signalranon.client.ConnectionString;
import java.util.Objects;

/**
 * A parsed connection string and where it came from.
 *
 * @param connectionString the parsed connection string (its {@code toString()} masks the key)
 * @param source a description of its origin for logs, e.g. {@code environment variable X}
 * @param emulatorDefault whether no connection string was given and the emulator's is used
 */
public record ResolvedConnection(ConnectionString connectionString, String source, boolean emulatorDefault) {

    public ResolvedConnection {
        Objects.requireNonNull(connectionString, "connectionString");
        Objects.requireNonNull(source, "source");
    }
}
