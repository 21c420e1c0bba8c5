package io.signalranon.maven.negotiate;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The lifetime of client tokens: from 1 second to {@link io.signalranon.negotiate.NegotiateSettings#MAX_TOKEN_LIFETIME} (24
 * hours, the most an anonymous visitor's token may live), in whole seconds.
 *
 * @param value the lifetime
 */
public record TokenLifetime(Duration value) {

    /** The setting this value comes from. */
    public static final String SETTING = "signalr-anon.lifetime";
    /** The longest lifetime, 24 hours. */
    public static final Duration MAXIMUM = io.signalranon.negotiate.NegotiateSettings.MAX_TOKEN_LIFETIME;
    /** The default, one hour, as Microsoft's SDK uses. */
    public static final String DEFAULT = "PT1H";

    public TokenLifetime {
        Objects.requireNonNull(value, "value");
        if (value.getNano() != 0) {
            throw new InvalidSettingException(SETTING, SETTING + " must be a whole number of seconds, got " + value);
        }
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(MAXIMUM) > 0) {
            throw new InvalidSettingException(
                    SETTING,
                    SETTING + " must be from 1 second (PT1S) to 24 hours (PT24H) for anonymous visitors, got " + value);
        }
    }

    /**
     * Parses an ISO-8601 duration ({@code PT1H}, {@code P1D}, {@code PT90M}) or a number of seconds
     * ({@code 3600}).
     *
     * @throws InvalidSettingException for other text or a lifetime out of bounds
     */
    public static TokenLifetime parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.matches("\\d{1,10}")) {
            return new TokenLifetime(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            return new TokenLifetime(Duration.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(
                    SETTING,
                    SETTING + " must be an ISO-8601 duration such as PT1H or P1D,"
                            + " or a number of seconds such as 3600, got '" + Printable.of(text) + "'");
        }
    }

    /** The lifetime in seconds. */
    public long seconds() {
        return value.getSeconds();
    }
}
