package io.signalranon.client;

import java.util.Optional;

/**
 * The one rule for visitor ids that become SignalR users (client tokens, signed visitor cookies,
 * {@code users.csv} and export ids): 1 to {@value #MAX_LENGTH} ASCII characters, each a letter, a
 * digit or one of {@value #PUNCTUATION}. So no space, {@code /}, {@code %}, control, zero-width or
 * bidi character can make one id look like another or change a URL.
 */
public final class UserIds {

    /** The longest user id accepted, in characters. */
    public static final int MAX_LENGTH = 128;
    /** The punctuation marks a user id may contain besides ASCII letters and digits. */
    public static final String PUNCTUATION = "-_.:@~+=";

    /** What is wrong with a user id. */
    public enum Problem {
        EMPTY,
        TOO_LONG,
        FORBIDDEN_CHARACTER
    }

    private UserIds() {}

    /** What is wrong with {@code id}, or empty when it is a valid user id. */
    public static Optional<Problem> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of(Problem.EMPTY);
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return Optional.of(Problem.FORBIDDEN_CHARACTER);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code id} is a valid user id. */
    public static boolean isValid(String id) {
        return problem(id).isEmpty();
    }

    /**
     * Why {@code id} is refused, in words fit for an error message (a forbidden character is named by
     * its code point, never printed), or empty when it is valid.
     */
    public static Optional<String> reason(String id) {
        return problem(id).map(problem -> switch (problem) {
            case EMPTY -> "is empty";
            case TOO_LONG -> "is " + id.length() + " characters long, more than " + MAX_LENGTH;
            case FORBIDDEN_CHARACTER ->
                "contains " + codePoint(firstForbidden(id)) + ", which is not allowed (only ASCII letters, digits and "
                        + PUNCTUATION + ")";
        });
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || PUNCTUATION.indexOf(c) >= 0;
    }

    private static int firstForbidden(String id) {
        return id.codePoints()
                .filter(cp -> cp > 0xFFFF || !allowed((char) cp))
                .findFirst()
                .orElseThrow();
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
