package io.signalranon.negotiate.visitor;

/**
 * The visitor keys are missing or malformed. The message says what to change and never contains
 * a key.
 */
public class InvalidVisitorKeysException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidVisitorKeysException(String message) {
        super(message);
    }
}
