package io.signalranon.client;

/** No Entra ID token could be had; the message names the credential and the cause, never a secret or a token. */
public class EntraTokenException extends RuntimeException {

    public EntraTokenException(String message) {
        super(message);
    }
}
