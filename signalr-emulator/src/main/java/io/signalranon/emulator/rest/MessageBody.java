package io.signalranon.emulator.rest;

/**
 * Checks a send body: one JSON object with a string {@code target} and an array {@code arguments}
 * (or the PascalCase names the .NET SDK sends). Other members are skipped; values are scanned for
 * well-formedness but not built, and the arguments are kept as raw JSON text.
 *
 * @param target the client method name
 * @param argumentsJson the {@code arguments} array exactly as sent
 */
public record MessageBody(String target, String argumentsJson) {

    private static final int MAX_DEPTH = 128;

    /** A body that is not a valid message; the message says why. */
    public static final class InvalidBodyException extends Exception {

        InvalidBodyException(String message) {
            super(message);
        }
    }

    /**
     * Parses a body.
     *
     * @throws InvalidBodyException when it is not JSON, or {@code target} or {@code arguments} is missing or mistyped
     */
    public static MessageBody parse(String json) throws InvalidBodyException {
        return new Scanner(json).message();
    }

    private static final class Scanner {

        private final String text;
        private int pos;

        Scanner(String text) {
            this.text = text;
        }

        MessageBody message() throws InvalidBodyException {
            String target = null;
            String arguments = null;
            boolean targetSeen = false;
            skipWhitespace();
            expect('{', "body must be a JSON object");
            skipWhitespace();
            if (peek() != '}') {
                do {
                    skipWhitespace();
                    String name = string();
                    skipWhitespace();
                    expect(':', "expected ':' after a member name");
                    skipWhitespace();
                    if (name.equals("target") || name.equals("Target")) {
                        if (peek() != '"') {
                            throw new InvalidBodyException("target must be a string");
                        }
                        target = string();
                        targetSeen = true;
                    } else if (name.equals("arguments") || name.equals("Arguments")) {
                        if (peek() != '[') {
                            throw new InvalidBodyException("arguments must be an array");
                        }
                        int start = pos;
                        value(0);
                        arguments = text.substring(start, pos);
                    } else {
                        value(0);
                    }
                    skipWhitespace();
                } while (consume(','));
            }
            expect('}', "expected ',' or '}' in the body object");
            skipWhitespace();
            if (pos != text.length()) {
                throw new InvalidBodyException("unexpected text after the body object at offset " + pos);
            }
            if (!targetSeen || target.isEmpty()) {
                throw new InvalidBodyException("target is required: a non-empty string naming the client method");
            }
            if (arguments == null) {
                throw new InvalidBodyException("arguments is required: a JSON array");
            }
            return new MessageBody(target, arguments);
        }

        private void value(int depth) throws InvalidBodyException {
            if (depth > MAX_DEPTH) {
                throw new InvalidBodyException("JSON nested deeper than " + MAX_DEPTH + " levels");
            }
            char c = peek();
            switch (c) {
                case '{' -> container('{', '}', depth, true);
                case '[' -> container('[', ']', depth, false);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private void container(char open, char close, int depth, boolean object) throws InvalidBodyException {
            expect(open, "expected '" + open + "'");
            skipWhitespace();
            if (consume(close)) {
                return;
            }
            do {
                skipWhitespace();
                if (object) {
                    string();
                    skipWhitespace();
                    expect(':', "expected ':' after a member name");
                    skipWhitespace();
                }
                value(depth + 1);
                skipWhitespace();
            } while (consume(','));
            expect(close, "expected ',' or '" + close + "'");
        }

        private String string() throws InvalidBodyException {
            expect('"', "expected a string");
            StringBuilder out = null;
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out == null ? text.substring(start, pos - 1) : out.toString();
                }
                if (c < 0x20) {
                    throw new InvalidBodyException("control character in a JSON string at offset " + (pos - 1));
                }
                if (c == '\\') {
                    if (out == null) {
                        out = new StringBuilder(text.substring(start, pos - 1));
                    }
                    out.append(escape());
                } else if (out != null) {
                    out.append(c);
                }
            }
            throw new InvalidBodyException("unterminated JSON string");
        }

        private char escape() throws InvalidBodyException {
            if (pos >= text.length()) {
                throw new InvalidBodyException("unterminated JSON string");
            }
            char c = text.charAt(pos++);
            return switch (c) {
                case '"', '\\', '/' -> c;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> unicode();
                default -> throw new InvalidBodyException("invalid escape \\" + c + " in a JSON string");
            };
        }

        private char unicode() throws InvalidBodyException {
            if (pos + 4 > text.length()) {
                throw new InvalidBodyException("invalid \\u escape in a JSON string");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(pos++), 16);
                if (digit < 0) {
                    throw new InvalidBodyException("invalid \\u escape in a JSON string");
                }
                value = value << 4 | digit;
            }
            return (char) value;
        }

        private void number() throws InvalidBodyException {
            int start = pos;
            consume('-');
            if (consume('0')) {
                // a leading zero stands alone
            } else if (!digits()) {
                throw new InvalidBodyException("invalid JSON value at offset " + start);
            }
            if (consume('.') && !digits()) {
                throw new InvalidBodyException("invalid JSON number at offset " + start);
            }
            if (consume('e') || consume('E')) {
                if (!consume('+')) {
                    consume('-');
                }
                if (!digits()) {
                    throw new InvalidBodyException("invalid JSON number at offset " + start);
                }
            }
        }

        private boolean digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }

        private void literal(String word) throws InvalidBodyException {
            if (!text.startsWith(word, pos)) {
                throw new InvalidBodyException("invalid JSON value at offset " + pos);
            }
            pos += word.length();
        }

        private void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() throws InvalidBodyException {
            if (pos >= text.length()) {
                throw new InvalidBodyException("body ends too early");
            }
            return text.charAt(pos);
        }

        private boolean consume(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c, String message) throws InvalidBodyException {
            if (!consume(c)) {
                throw new InvalidBodyException(message + " at offset " + pos);
            }
        }
    }
}
