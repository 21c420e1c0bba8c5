package io.signalranon.dispatcher.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines ({@code \n} or {@code \r\n}) of UTF-8 text. A line that is not valid UTF-8 is reported, never
 * repaired: replacing its bytes with U+FFFD could merge distinct ids into one.
 */
final class Utf8LineReader implements Closeable {

    /** A line that is not valid UTF-8; the reader has moved past it. */
    static final class NotUtf8Exception extends RuntimeException {

        NotUtf8Exception(String message) {
            super(message, null, false, false);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer;
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private boolean ended;

    Utf8LineReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /**
     * @return the next line without its terminator, or null at the end
     * @throws NotUtf8Exception for a line that is not valid UTF-8
     */
    @Nullable String readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (ended || !fill()) {
                    return any ? decode(length) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int count = position - start;
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(buffer, start, line, length, count);
            length += count;
            if (position < limit) {
                position++;
                return decode(length);
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            ended = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private String decode(int length) {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8Exception("the line is not valid UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
