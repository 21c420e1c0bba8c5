package io.signalranon.negotiate;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the negotiate endpoint gets the visitor id: a signed cookie (the default and the only safe
 * source), or, only when chosen explicitly, a header, a query parameter or a plain cookie that any
 * caller can set to any id.
 *
 * @param kind where the id comes from
 * @param name the cookie, header or query parameter name
 */
public record UserIdSource(Kind kind, String name) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}");

    /** The default cookie name. */
    public static final String DEFAULT_COOKIE = "sa_vid";
    /** The default source: the signed cookie {@value #DEFAULT_COOKIE}. */
    public static final UserIdSource DEFAULT = new UserIdSource(Kind.SIGNED_COOKIE, DEFAULT_COOKIE);

    /** Where the id comes from. */
    public enum Kind {
        /** A visitor cookie this site's server signed; a new visitor gets one. */
        SIGNED_COOKIE,
        /** A request header: any caller can claim any id. */
        HEADER,
        /** A query parameter: any caller can claim any id. */
        QUERY,
        /** A plain cookie: any script or caller can claim any id. */
        COOKIE;

        /** The label of {@code negotiate.json}: {@code signed-cookie}, {@code header}, {@code query}, {@code cookie}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * The kind of a label, any case.
         *
         * @throws IllegalArgumentException naming the labels
         */
        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label().equalsIgnoreCase(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(
                    "userId.source must be signed-cookie, header, query or cookie, got '" + label + "'");
        }
    }

    public UserIdSource {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "userId.name must be 1 to 256 of letters, digits and !#$%&'*+.^_`|~-, got '" + name + "'");
        }
    }

    /** Whether the caller chooses the id (every source but the signed cookie). */
    public boolean trustsTheCaller() {
        return kind != Kind.SIGNED_COOKIE;
    }

    /** How a message names it: {@code signed-cookie sa_vid}. */
    @Override
    public String toString() {
        return kind.label() + " " + name;
    }
}
