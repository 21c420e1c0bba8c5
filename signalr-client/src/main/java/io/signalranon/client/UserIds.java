package io.signalranon.client;

import java.util.Optional;

/**
 * The rule for user ids that go into client tokens: 1 to {@value #MAX_LENGTH} characters (code
 * points), no control characters. Shared by every place that issues a token for a visitor id.
 */
public final class UserIds {

    /** The longest user id accepted, in characters (code points). */
    public static final int MAX_LENGTH = 512;

    /** What is wrong with a user id. */
    public enum Problem {
        EMPTY,
        TOO_LONG,
        CONTROL_CHARACTER
    }

    private UserIds() {}

    /** What is wrong with {@code id}, or empty when it is a valid user id. */
    public static Optional<Problem> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of(Problem.EMPTY);
        }
        if (id.codePointCount(0, id.length()) > MAX_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        if (id.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of(Problem.CONTROL_CHARACTER);
        }
        return Optional.empty();
    }
}
