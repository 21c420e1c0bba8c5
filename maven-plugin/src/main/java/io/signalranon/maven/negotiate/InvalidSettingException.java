package io.signalranon.maven.negotiate;

import java.util.Objects;

/**
 * A setting the user can fix: the message says what is wrong and what to change. It never carries
 * an access key or a token.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String setting;

    /**
     * @param setting the name of the setting at fault, e.g. {@code signalr-anon.hub}
     * @param message what is wrong and what to change
     */
    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    /** The name of the setting at fault, e.g. {@code signalr-anon.hub}. */
    public String setting() {
        return setting;
    }
}
