package io.signalranon.client;

/** A connection string that breaks a parsing rule; the message names the rule, never the access key. */
public class InvalidConnectionStringException extends IllegalArgumentException {

    public InvalidConnectionStringException(String message) {
        super(message);
    }
}
