package io.signalranon.dispatcher.offer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A sticky control group: users whose bucket is below {@code percent} get no offers. The bucket of a
 * user is the first 4 bytes of SHA-256 over the UTF-8 bytes of {@code salt + ":" + userId}, read as
 * an unsigned big-endian integer, modulo 100. Changing the salt draws a new group.
 * @param percent the share of users held out, 0 to 100
 * @param salt the salt of the hash, may be empty
 */
public record Holdout(int percent, String salt) {

    /** No holdout: every user is decided. */
    public static final Holdout NONE = new Holdout(0, "");

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Holdout::sha256);

    public Holdout {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + percent);
        }
        if (salt == null) {
            throw new IllegalArgumentException("salt must not be null");
        }
    }

    /**
     * @param userId the SignalR user id
     * @return the user's bucket, 0 to 99
     */
    public int bucket(String userId) {
        MessageDigest digest = SHA_256.get();
        digest.update(this.salt.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) ':');
        byte[] hash = digest.digest(userId.getBytes(StandardCharsets.UTF_8));
        long first4 =
                ((hash[0] & 0xFFL) << 24) | ((hash[1] & 0xFFL) << 16) | ((hash[2] & 0xFFL) << 8) | (hash[3] & 0xFFL);
        return (int) (first4 % 100);
    }

    /**
     * @param userId the SignalR user id
     * @return whether the user is in the control group and gets nothing
     */
    public boolean holdsOut(String userId) {
        if (this.percent == 0) {
            return false;
        }
        return this.percent == 100 || bucket(userId) < this.percent;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }
}
