package io.signalranon.emulator.cli;

/** The command line cannot be run as given; the message, one line, says what to change. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
