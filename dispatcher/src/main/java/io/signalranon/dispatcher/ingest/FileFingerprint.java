package io.signalranon.dispatcher.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What identifies an ingested file: its name, size and SHA-256 checksum.
 *
 * @param name     file name without directory
 * @param size     size in bytes
 * @param checksum SHA-256 of the content, lower-case hex
 */
public record FileFingerprint(String name, long size, String checksum) {

    public FileFingerprint {
        Objects.requireNonNull(name, "name");
        if (checksum == null || checksum.length() != 64) {
            throw new IllegalArgumentException("checksum must be 64 hex digits");
        }
    }

    /**
     * Reads the file once to compute its fingerprint.
     *
     * @throws InputFileException when the file cannot be read
     */
    public static FileFingerprint of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
            return new FileFingerprint(
                    file.getFileName().toString(), size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
