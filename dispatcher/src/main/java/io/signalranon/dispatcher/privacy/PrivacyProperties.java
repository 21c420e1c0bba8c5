package io.signalranon.dispatcher.privacy;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of forgetting ({@code dispatcher.privacy.*}).
 *
 * @param forgetKey the key of the forgotten ids' hashes, base64 of at least {@value ForgetKey#MIN_BYTES} bytes
 *                  ({@code DISPATCHER_PRIVACY_FORGET_KEY}); unset: a key file beside the H2 database, made
 *                  the first time (on PostgreSQL it must be set)
 */
@ConfigurationProperties("dispatcher.privacy")
public record PrivacyProperties(@Nullable String forgetKey) {

    @Override
    public String toString() {
        return "PrivacyProperties[forgetKey=" + (forgetKey == null ? "unset" : "hidden") + "]";
    }

    /**
     * Where a generated key is kept for a database: beside an H2 file ({@code <file>.forget-key}); null for
     * an in-memory H2 database (its key lives as long as the process) and for any other database.
     *
     * @param url the JDBC URL of the database
     */
    public static @Nullable Path keyFile(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return null;
        }
        String location = url.substring("jdbc:h2:".length());
        int options = location.indexOf(';');
        location = options < 0 ? location : location.substring(0, options);
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")) {
            return null;
        }
        location = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(location + ".forget-key");
    }

    /** Whether a database keeps nothing beyond the process, so a key of the process's own is enough. */
    public static boolean inMemory(String url) {
        return url.startsWith("jdbc:h2:mem:");
    }
}
