package io.signalranon.client;

/**
 * The service did not hand out a temporary access key or a client token; the message says why (for
 * 403, the roles that allow it), never a token or a key.
 */
public class AuthEndpointException extends RuntimeException {

    private final int status;

    public AuthEndpointException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, 0 when there was no answer (or no Entra ID token to ask with). */
    public int status() {
        return status;
    }
}
