package io.signalranon.negotiate.token;

/** No client token can be issued now (for example, the service that provides the key is unreachable). */
public class ClientTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientTokenException(String message) {
        super(message);
    }

    public ClientTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
