package io.signalranon.dispatcher.privacy;

/** No usable forget key: not set, not valid, or not the key the forgotten ids were hashed with. */
public class ForgetKeyException extends RuntimeException {

    public ForgetKeyException(String message) {
        super(message);
    }
}
