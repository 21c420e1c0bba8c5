package io.signalranon.dispatcher.offer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@code offers.json} into a {@link Catalog}, checking the type of every value, rejecting
 * unknown keys (a misspelt key would otherwise silently change decisions) and reporting the first
 * broken rule as a {@link CatalogException}. Offer content is kept as a JSON tree, decimals as
 * written.
 */
final class CatalogReader {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final Set<String> CATALOG_KEYS = Set.of("placements", "holdout", "offers");

    private static final Set<String> PLACEMENT_KEYS = Set.of("id", "maxItems", "fallback");

    private static final Set<String> HOLDOUT_KEYS = Set.of("percent", "salt");

    private static final Set<String> OFFER_KEYS =
            Set.of("id", "placement", "priority", "eligibility", "validFrom", "validTo", "cap", "content");

    private static final Set<String> CAP_KEYS = Set.of("max", "days");

    private static final Set<String> CONDITION_KEYS = Set.of("all", "any", "not");

    private CatalogReader() {}

    static Catalog read(Path path) {
        String source = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException ex) {
            throw CatalogException.catalog("cannot be read: " + reason(ex), ex).withSource(source);
        }
        return read(() -> MAPPER.readTree(bytes), source);
    }

    static Catalog read(String json, String source) {
        return read(() -> MAPPER.readTree(json), source);
    }

    private static Catalog read(Supplier<JsonNode> parser, String source) {
        try {
            return catalog(parse(parser));
        } catch (CatalogException ex) {
            throw ex.withSource(source);
        }
    }

    private static String reason(IOException ex) {
        if (ex instanceof NoSuchFileException) {
            return "no such file";
        }
        if (ex instanceof AccessDeniedException) {
            return "access denied";
        }
        return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    private static JsonNode parse(Supplier<JsonNode> parser) {
        try {
            return parser.get();
        } catch (JacksonException ex) {
            TokenStreamLocation location = ex.getLocation();
            String where =
                    (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
            throw CatalogException.catalog("not valid JSON" + where + ": " + ex.getOriginalMessage(), ex);
        }
    }

    private static Catalog catalog(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw CatalogException.catalog("is empty; expected a JSON object with placements and offers");
        }
        Fields fields = Fields.of(root, "the top level", CATALOG_KEYS, CatalogException::catalog);
        JsonNode holdout = fields.optional("holdout");
        return new Catalog(
                placements(fields.list("placements")),
                (holdout != null) ? holdout(holdout) : Holdout.NONE,
                offers(fields.list("offers")));
    }

    private static List<Placement> placements(List<JsonNode> nodes) {
        List<Placement> placements = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Fields fields =
                    Fields.ofEntry(nodes.get(i), "placements[" + i + "]", PLACEMENT_KEYS, CatalogException::placement);
            String id = fields.id();
            try {
                placements.add(new Placement(id, fields.optionalInt("maxItems", 1), fields.optionalString("fallback")));
            } catch (IllegalArgumentException ex) {
                throw asCatalogException(ex, (rule) -> CatalogException.placement(id, rule));
            }
        }
        return placements;
    }

    private static Holdout holdout(JsonNode node) {
        Fields fields = Fields.of(node, "holdout", HOLDOUT_KEYS, CatalogException::holdout);
        String salt = fields.optionalString("salt");
        try {
            return new Holdout(fields.requiredInt("percent"), (salt != null) ? salt : "");
        } catch (IllegalArgumentException ex) {
            throw asCatalogException(ex, CatalogException::holdout);
        }
    }

    private static List<Offer> offers(List<JsonNode> nodes) {
        List<Offer> offers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Fields fields = Fields.ofEntry(nodes.get(i), "offers[" + i + "]", OFFER_KEYS, CatalogException::offer);
            String id = fields.id();
            Function<String, CatalogException> error = (rule) -> CatalogException.offer(id, rule);
            try {
                JsonNode eligibility = fields.optional("eligibility");
                JsonNode cap = fields.optional("cap");
                offers.add(new Offer(
                        id,
                        fields.requiredString("placement"),
                        fields.requiredInt("priority"),
                        (eligibility != null) ? eligibility(eligibility, "eligibility", error) : Eligibility.everyone(),
                        fields.optionalInstant("validFrom"),
                        fields.optionalInstant("validTo"),
                        (cap != null) ? cap(cap, error) : null,
                        fields.requiredObject("content").deepCopy()));
            } catch (IllegalArgumentException ex) {
                throw asCatalogException(ex, error);
            }
        }
        return offers;
    }

    private static Cap cap(JsonNode node, Function<String, CatalogException> error) {
        Fields fields = Fields.of(node, "cap", CAP_KEYS, error);
        return new Cap(fields.requiredInt("max"), fields.requiredInt("days"));
    }

    private static Eligibility eligibility(JsonNode node, String path, Function<String, CatalogException> error) {
        if (node.isString()) {
            if (node.stringValue().isEmpty()) {
                throw error.apply(path + " must not be an empty audience id");
            }
            return new Eligibility.Audience(node.stringValue());
        }
        if (!node.isObject()) {
            throw error.apply(path + " must be an audience id or an object with all, any or not lists");
        }
        Fields fields = Fields.of(node, path, CONDITION_KEYS, error);
        List<Eligibility> any = expressions(fields, "any", path, error);
        if (fields.optional("any") != null && any.isEmpty()) {
            throw error.apply(path + ".any must not be empty: it could never hold");
        }
        return new Eligibility.Condition(
                expressions(fields, "all", path, error), any, expressions(fields, "not", path, error));
    }

    private static List<Eligibility> expressions(
            Fields fields, String key, String path, Function<String, CatalogException> error) {
        if (fields.optional(key) == null) {
            return List.of();
        }
        List<JsonNode> nodes = fields.list(key);
        List<Eligibility> expressions = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            expressions.add(eligibility(nodes.get(i), path + "." + key + "[" + i + "]", error));
        }
        return expressions;
    }

    private static CatalogException asCatalogException(
            IllegalArgumentException ex, Function<String, CatalogException> error) {
        return (ex instanceof CatalogException catalogException) ? catalogException : error.apply(ex.getMessage());
    }

    /**
     * Typed access to the keys of one JSON object, failing with the rule broken.
     */
    private static final class Fields {

        private final ObjectNode node;

        private final String name;

        private final Function<String, CatalogException> error;

        private Fields(ObjectNode node, String name, Function<String, CatalogException> error) {
            this.node = node;
            this.name = name;
            this.error = error;
        }

        static Fields of(
                JsonNode node, String name, Set<String> allowedKeys, Function<String, CatalogException> error) {
            if (!node.isObject()) {
                throw error.apply(name + " must be a JSON object");
            }
            for (String key : node.propertyNames()) {
                if (!allowedKeys.contains(key)) {
                    throw error.apply("unknown key '" + key + "' in " + name + " (expected one of "
                            + allowedKeys.stream().sorted().toList() + ")");
                }
            }
            return new Fields((ObjectNode) node, name, error);
        }

        static Fields ofEntry(
                JsonNode node,
                String position,
                Set<String> allowedKeys,
                BiFunction<String, String, CatalogException> error) {
            if (!node.isObject()) {
                throw error.apply(null, position + " must be a JSON object");
            }
            JsonNode id = node.get("id");
            if (id == null || !id.isString() || id.stringValue().isEmpty()) {
                throw error.apply(null, position + ": 'id' must be a non-empty string");
            }
            return of(node, position, allowedKeys, (rule) -> error.apply(id.stringValue(), rule));
        }

        String id() {
            return this.node.get("id").stringValue();
        }

        @Nullable JsonNode optional(String key) {
            return this.node.get(key);
        }

        List<JsonNode> list(String key) {
            JsonNode value = required(key);
            if (!value.isArray()) {
                throw this.error.apply("'" + key + "' must be a list");
            }
            return List.copyOf(value.values());
        }

        String requiredString(String key) {
            return string(key, required(key));
        }

        @Nullable String optionalString(String key) {
            JsonNode value = optional(key);
            return (value != null) ? string(key, value) : null;
        }

        int requiredInt(String key) {
            return integer(key, required(key));
        }

        int optionalInt(String key, int defaultValue) {
            JsonNode value = optional(key);
            return (value != null) ? integer(key, value) : defaultValue;
        }

        @Nullable Instant optionalInstant(String key) {
            String value = optionalString(key);
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException ex) {
                throw this.error.apply(
                        "'" + key + "' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z: '" + value + "'");
            }
        }

        ObjectNode requiredObject(String key) {
            JsonNode value = required(key);
            if (!value.isObject()) {
                throw this.error.apply("'" + key + "' must be a JSON object");
            }
            return (ObjectNode) value;
        }

        private JsonNode required(String key) {
            JsonNode value = optional(key);
            if (value == null) {
                throw this.error.apply("'" + key + "' is required in " + this.name);
            }
            return value;
        }

        private String string(String key, JsonNode value) {
            if (!value.isString()) {
                throw this.error.apply("'" + key + "' must be a string");
            }
            return value.stringValue();
        }

        private int integer(String key, JsonNode value) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw this.error.apply("'" + key + "' must be an integer");
            }
            return value.intValue();
        }
    }
}
