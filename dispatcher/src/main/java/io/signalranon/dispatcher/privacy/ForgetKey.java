package io.signalranon.dispatcher.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The key of the forgotten ids' hashes (HMAC-SHA256): at least {@value #MIN_BYTES} bytes, from the setting
 * {@code dispatcher.privacy.forget-key} (base64; environment {@code DISPATCHER_PRIVACY_FORGET_KEY}), else
 * from a key file beside the H2 database, made with random bytes and owner-only permissions the first time.
 * Whoever has the database but not the key cannot tell whether an id was forgotten. The key itself is never
 * printed.
 */
public final class ForgetKey {

    /** The shortest key accepted, in bytes. */
    public static final int MIN_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] CHECK_TEXT = "signalr-anon forget key check".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private ForgetKey(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new ForgetKeyException(
                    "the forget key must have at least " + MIN_BYTES + " bytes, it has " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A key of these bytes. */
    public static ForgetKey of(byte[] bytes) {
        return new ForgetKey(bytes);
    }

    /**
     * The configured key (base64), else the key in {@code keyFile}, made when there is none.
     *
     * @param configured the setting's value, or null or blank when not set
     * @param keyFile    where a generated key is kept, or null when the database has no place for one
     * @throws ForgetKeyException when the setting is not a valid key, the key file cannot be read or made, or
     *     no key is set and there is no key file
     */
    public static ForgetKey resolve(@Nullable String configured, @Nullable Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            try {
                return new ForgetKey(Base64.getDecoder().decode(configured.trim()));
            } catch (IllegalArgumentException e) {
                throw new ForgetKeyException("dispatcher.privacy.forget-key is not base64");
            }
        }
        if (keyFile == null) {
            throw new ForgetKeyException("no forget key: set dispatcher.privacy.forget-key"
                    + " (DISPATCHER_PRIVACY_FORGET_KEY, base64 of at least " + MIN_BYTES
                    + " random bytes); with this database there is no place beside it for a generated one");
        }
        return fromFile(keyFile);
    }

    private static ForgetKey fromFile(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[MIN_BYTES];
                new SecureRandom().nextBytes(fresh);
                Path dir = keyFile.toAbsolutePath().getParent();
                if (dir == null) {
                    throw new IOException("no directory");
                }
                Files.createDirectories(dir);
                // written whole beside it, then put in place at once: a process killed meanwhile leaves no empty
                // or partial key file, which every later forget would refuse
                Path written = ownerOnlyFile(dir, keyFile.getFileName() + ".");
                try {
                    Files.writeString(written, Base64.getEncoder().encodeToString(fresh) + "\n");
                    Files.move(written, keyFile);
                } catch (FileAlreadyExistsException e) {
                    return fromFile(keyFile); // made by another process meanwhile
                } finally {
                    Files.deleteIfExists(written);
                }
                return new ForgetKey(fresh);
            }
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            return new ForgetKey(Base64.getDecoder().decode(text));
        } catch (IOException e) {
            throw new ForgetKeyException("cannot read or make the forget key file " + keyFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ForgetKeyException("the forget key file " + keyFile + " is not base64");
        }
    }

    private static Path ownerOnlyFile(Path dir, String prefix) throws IOException {
        try {
            return Files.createTempFile(
                    dir,
                    prefix,
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }

    /** The keyed hash of an id: HMAC-SHA256 of its UTF-8 bytes, lower-case hex. */
    public String hash(String id) {
        return HexFormat.of().formatHex(macs.get().doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    /** The keyed hash of a fixed text: tells whether hashes were made with this key. */
    public String check() {
        return HexFormat.of().formatHex(macs.get().doFinal(CHECK_TEXT));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ForgetKey[hidden]";
    }
}
