package io.signalranon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The shared test vectors of {@code vectors/signalr.json}. */
final class Vectors {

    private static final JsonNode ROOT = load();

    private Vectors() {}

    static List<JsonNode> section(String name) {
        List<JsonNode> cases = new ArrayList<>();
        ROOT.get(name).forEach(cases::add);
        if (cases.isEmpty()) {
            throw new IllegalStateException("no vectors in section " + name);
        }
        return cases;
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/signalr.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
