package io.signalranon.maven.negotiate;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a negotiate endpoint reads the anonymous visitor's user id: a cookie that the endpoint
 * signed ({@code signed-cookie:<name>}, the default and the only source a caller cannot forge), or,
 * only when chosen explicitly, a request header, a query parameter or a plain cookie, written
 * {@code header:<name>}, {@code query:<name>} or {@code cookie:<name>}: with those, any caller can
 * claim any visitor id.
 *
 * @param kind where the id travels
 * @param name the header, query parameter or cookie name
 */
public record UserIdSource(Kind kind, String name) {

    /** The setting this value comes from. */
    public static final String SETTING = "signalr-anon.userIdSource";
    /** The default: the signed visitor cookie {@code sa_vid}. */
    public static final String DEFAULT = "signed-cookie:sa_vid";

    private static final Pattern HEADER_OR_QUERY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}");

    /** Where the user id travels in the negotiate request. */
    public enum Kind {
        SIGNED_COOKIE,
        HEADER,
        QUERY,
        COOKIE;

        /** The lower-case prefix used in settings and outputs: {@code signed-cookie}, {@code header}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public UserIdSource {
        if (kind == null) {
            throw new InvalidSettingException(
                    SETTING, "userIdSource needs a kind: signed-cookie, header, query or cookie");
        }
        boolean cookie = kind == Kind.COOKIE || kind == Kind.SIGNED_COOKIE;
        Pattern allowed = cookie ? COOKIE_NAME : HEADER_OR_QUERY_NAME;
        if (name == null || !allowed.matcher(name).matches()) {
            String characters = cookie ? "letters, digits and !#$%&'*+.^_`|~-" : "letters, digits, _ and -";
            throw new InvalidSettingException(
                    SETTING,
                    "the " + kind.label() + " name in " + SETTING + " must be 1 to 256 of " + characters + ", got '"
                            + Printable.of(name) + "'");
        }
    }

    /**
     * Parses {@code signed-cookie:<name>}, {@code header:<name>}, {@code query:<name>} or
     * {@code cookie:<name>} (kind in any case).
     *
     * @throws InvalidSettingException naming the expected forms
     */
    public static UserIdSource parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 0) {
            throw new InvalidSettingException(
                    SETTING,
                    SETTING + " must be signed-cookie:<name>, header:<name>, query:<name> or cookie:<name>, got '"
                            + Printable.of(value) + "'");
        }
        String kind = value.substring(0, colon).trim();
        for (Kind candidate : Kind.values()) {
            if (candidate.label().equalsIgnoreCase(kind)) {
                return new UserIdSource(candidate, value.substring(colon + 1).trim());
            }
        }
        throw new InvalidSettingException(
                SETTING,
                SETTING + " must start with signed-cookie:, header:, query: or cookie:, got '" + Printable.of(value)
                        + "'");
    }

    /**
     * The Azure Functions binding expression that reads the user id, {@code {headers.<name>}} or
     * {@code {query.<name>}}; empty for a cookie, which binding expressions cannot single out (nor
     * verify).
     */
    public Optional<String> bindingExpression() {
        return switch (kind) {
            case HEADER -> Optional.of("{headers." + name + "}");
            case QUERY -> Optional.of("{query." + name + "}");
            case COOKIE, SIGNED_COOKIE -> Optional.empty();
        };
    }

    /** Whether the caller chooses the id (every source but the signed cookie). */
    public boolean trustsTheCaller() {
        return kind != Kind.SIGNED_COOKIE;
    }

    /** The setting's text form, {@code <kind>:<name>}. */
    @Override
    public String toString() {
        return kind.label() + ":" + name;
    }
}
