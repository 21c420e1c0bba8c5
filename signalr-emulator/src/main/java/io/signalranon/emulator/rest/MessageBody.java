package io.signalranon.emulator.rest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks a send body with Jackson's streaming parser: one JSON object with a string {@code target} and an
 * array {@code arguments} (or the PascalCase names the .NET SDK sends), each given once. Other members are
 * read for well-formedness and skipped; the arguments are kept as raw JSON text.
 *
 * @param target the client method name
 * @param argumentsJson the {@code arguments} array exactly as sent
 */
public record MessageBody(String target, String argumentsJson) {

    private static final int MAX_DEPTH = 128;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /** A body that is not a valid message; the message says why. */
    public static final class InvalidBodyException extends Exception {

        InvalidBodyException(String message) {
            super(message);
        }
    }

    /**
     * Parses a body.
     *
     * @throws InvalidBodyException when it is not JSON, or {@code target} or {@code arguments} is missing,
     *     mistyped or given twice
     */
    public static MessageBody parse(String json) throws InvalidBodyException {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBodyException("body must be a JSON object");
            }
            String target = null;
            String arguments = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("target") || name.equals("Target")) {
                    if (target != null) {
                        throw new InvalidBodyException("target is given twice");
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidBodyException("target must be a string");
                    }
                    target = parser.getString();
                } else if (name.equals("arguments") || name.equals("Arguments")) {
                    if (arguments != null) {
                        throw new InvalidBodyException("arguments are given twice");
                    }
                    if (value != JsonToken.START_ARRAY) {
                        throw new InvalidBodyException("arguments must be an array");
                    }
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    arguments = json.substring(
                            start, (int) parser.currentTokenLocation().getCharOffset() + 1);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidBodyException("unexpected text after the body object");
            }
            if (target == null || target.isEmpty()) {
                throw new InvalidBodyException("target is required: a non-empty string naming the client method");
            }
            if (arguments == null) {
                throw new InvalidBodyException("arguments is required: a JSON array");
            }
            return new MessageBody(target, arguments);
        } catch (StreamConstraintsException e) {
            throw new InvalidBodyException("JSON nested deeper than " + MAX_DEPTH + " levels");
        } catch (JacksonException e) {
            throw new InvalidBodyException("body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
