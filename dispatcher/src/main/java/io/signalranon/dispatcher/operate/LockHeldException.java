package io.signalranon.dispatcher.operate;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Another process holds the run lock. */
public class LockHeldException extends RuntimeException {

    private final String name;
    private final @Nullable Instant expiresAt;

    public LockHeldException(String name, @Nullable Instant expiresAt) {
        super(
                "another process holds the run lock '" + name + "'"
                        + (expiresAt == null ? "" : " (its lease runs until " + expiresAt + " unless renewed)"),
                null,
                false,
                false);
        this.name = name;
        this.expiresAt = expiresAt;
    }

    /** The lock's name. */
    public String name() {
        return name;
    }

    /** When the holder's lease ends unless it renews it, or null if unknown. */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }
}
