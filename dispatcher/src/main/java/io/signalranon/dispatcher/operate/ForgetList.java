package io.signalranon.dispatcher.operate;

import io.signalranon.dispatcher.ingest.InputFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A list of visitors to forget: one id per line (UTF-8; blank lines and lines starting with {@code #} are
 * ignored), user ids unless a first line {@code cdp_id} says they are CDP ids ({@code user_id} may head a list
 * of user ids). An id is at most {@value #MAX_LENGTH} characters with no control character; a list with a
 * bad id is refused whole, naming the line, so that nothing of it is half applied.
 */
public final class ForgetList {

    /** The longest id the tables hold. */
    public static final int MAX_LENGTH = 512;

    private ForgetList() {}

    /**
     * The requests of a list file, each id once.
     *
     * @throws InputFileException when the file cannot be read, is not UTF-8, or has a bad id or header
     */
    public static List<Forget.Request> read(Path file) {
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            Map<String, Forget.Request> requests = new LinkedHashMap<>();
            boolean cdp = false;
            boolean first = true;
            long lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String id = (first ? line.replace("\uFEFF", "") : line).trim();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                if (first) {
                    first = false;
                    String header = id.toLowerCase(Locale.ROOT);
                    if (header.equals("user_id") || header.equals("cdp_id")) {
                        cdp = header.equals("cdp_id");
                        continue;
                    }
                }
                String problem = problem(id);
                if (problem != null) {
                    throw new InputFileException(file.toString(), "line " + lineNo + ": " + problem);
                }
                requests.putIfAbsent(id, new Forget.Request(id, cdp));
            }
            return new ArrayList<>(requests.values());
        } catch (CharacterCodingException e) {
            throw new InputFileException(file.toString(), "not UTF-8");
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** What is wrong with an id given to forget, or null when it is fine. */
    public static @Nullable String problem(String id) {
        if (id.isEmpty()) {
            return "the id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "the id has " + id.length() + " characters (max " + MAX_LENGTH + ")";
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return "the id contains control characters";
        }
        return null;
    }
}
