package dev.lifeboat.events.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.events.data.OptionalField;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.events.envelope.InvalidEventException.Problem;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON shape of an event record, read from the record itself: the one source of both its
 * JSON Schema and the checks a message must pass before it is bound to the record. Every record
 * component is required unless marked {@link OptionalField}. A field the record does not have is ignored, at any
 * depth: a version's changes are additive (a new field is optional), so a consumer of {@code v1} reads the events of
 * a producer that already knows a newer {@code v1} without dead-lettering them (a rolling upgrade); a change a
 * consumer cannot ignore is a new type ({@code v2}).
 */
public final class JsonShape {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonShape() {
    }

    /** The JSON Schema (draft 2020-12 vocabulary) of a record's JSON form. */
    public static ObjectNode schemaOf(Class<? extends Record> recordClass) {
        return schemaOf((Type) recordClass, "");
    }

    /**
     * Checks a JSON value against a record's shape.
     *
     * @throws InvalidEventException naming the first field that is missing or of the wrong type
     */
    public static void check(Class<? extends Record> recordClass, JsonNode value, String what) {
        check(recordClass, value, what, "", "");
    }

    /** @param name the record component the type belongs to: a text's limit follows from it ({@link TextLimits}) */
    private static ObjectNode schemaOf(Type type, String name) {
        Class<?> raw = rawClass(type);
        ObjectNode schema = JSON.objectNode();
        if (raw == String.class) {
            schema.put("type", "string").put("minLength", 1).put("maxLength", TextLimits.maxBytes(name))
                    .put("pattern", "^[^\\u0000]*$");
        } else if (raw == Instant.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            schema.put("type", "integer");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw.isEnum()) {
            ArrayNode values = schema.put("type", "string").putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(constant -> values.add(((Enum<?>) constant).name()));
        } else if (raw == List.class) {
            schema.put("type", "array").set("items", schemaOf(typeArgument(type, 0), name));
        } else if (raw == Map.class) {
            schema.put("type", "object").set("additionalProperties", schemaOf(typeArgument(type, 1), name));
        } else if (raw.isRecord()) {
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = JSON.arrayNode();
            for (RecordComponent component : raw.getRecordComponents()) {
                properties.set(component.getName(), schemaOf(component.getGenericType(), component.getName()));
                if (!isOptional(component)) {
                    required.add(component.getName());
                }
            }
            schema.set("required", required);
        } else {
            throw new IllegalArgumentException("no JSON shape for " + type.getTypeName());
        }
        return schema;
    }

    /** @param name the record component the value belongs to: a text's limit follows from it ({@link TextLimits}) */
    private static void check(Type type, JsonNode value, String what, String path, String name) {
        Class<?> raw = rawClass(type);
        String field = path.isEmpty() ? "the data" : "field '" + path + "'";
        if (raw == String.class) {
            require(value.isTextual(), field, "a string", value, what);
            if (value.asText().isBlank()) {
                throw new InvalidEventException(Problem.INVALID_VALUE, field + " of " + what + " must not be blank");
            }
            TextLimits.check(value.asText(), TextLimits.maxBytes(name), field + " of " + what);
        } else if (raw == Instant.class) {
            require(value.isTextual(), field, "a date-time string", value, what);
            try {
                Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(Problem.INVALID_VALUE,
                        field + " of " + what + " must be an RFC 3339 date-time such as 2026-01-31T02:00:00Z, not " + TextLimits.quote(value.asText()));
            }
        } else if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            require(value.isIntegralNumber() && (raw == long.class || raw == Long.class ? value.canConvertToLong() : value.canConvertToInt()),
                    field, "an integer", value, what);
        } else if (raw == boolean.class || raw == Boolean.class) {
            require(value.isBoolean(), field, "true or false", value, what);
        } else if (raw.isEnum()) {
            require(value.isTextual(), field, "a string", value, what);
            Set<String> allowed = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            if (!allowed.contains(value.asText())) {
                throw new InvalidEventException(Problem.INVALID_VALUE,
                        field + " of " + what + " must be one of " + String.join(", ", allowed) + ", not " + TextLimits.quote(value.asText()));
            }
        } else if (raw == List.class) {
            require(value.isArray(), field, "an array", value, what);
            for (int i = 0; i < value.size(); i++) {
                check(typeArgument(type, 0), value.get(i), what, path + "[" + i + "]", name);
            }
        } else if (raw == Map.class) {
            require(value.isObject(), field, "an object", value, what);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                TextLimits.check(entry.getKey(), TextLimits.ID, "a key of field '" + path + "' of " + what);
                check(typeArgument(type, 1), entry.getValue(), what, join(path, entry.getKey()), name);
            }
        } else if (raw.isRecord()) {
            checkRecord(raw, value, what, path, field);
        } else {
            throw new IllegalArgumentException("no JSON shape for " + type.getTypeName());
        }
    }

    private static void checkRecord(Class<?> raw, JsonNode value, String what, String path, String field) {
        require(value.isObject(), field, "an object", value, what);
        for (RecordComponent component : raw.getRecordComponents()) {
            JsonNode child = value.get(component.getName());
            String childPath = join(path, component.getName());
            if (child == null || child.isNull()) {
                if (!isOptional(component)) {
                    throw new InvalidEventException(Problem.MISSING_FIELD, "missing required field '" + childPath + "' in " + what);
                }
            } else {
                check(component.getGenericType(), child, what, childPath, component.getName());
            }
        }
    }

    private static void require(boolean ok, String field, String expected, JsonNode actual, String what) {
        if (!ok) {
            throw new InvalidEventException(Problem.WRONG_TYPE,
                    field + " of " + what + " must be " + expected + ", not " + describe(actual));
        }
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static boolean isOptional(RecordComponent component) {
        return component.isAnnotationPresent(OptionalField.class);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> raw) {
            return raw;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + type.getTypeName());
    }

    private static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
