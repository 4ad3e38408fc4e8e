package dev.lazarus.agent.internal.json;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of JSON a type accepts, written down as JSON itself so that the command line, which does
 * not have the application's classes, can check an event before it is sent. A shape is
 * {@code "string"}, {@code "integer"}, {@code "number"}, {@code "boolean"}, {@code "any"},
 * {@code {"enum":[...]}}, {@code {"list":shape}}, {@code {"map":shape}} or
 * {@code {"object":{"field":shape,...},"required":[...]}}.
 */
public final class JsonShape {
    private static final int MAX_DEPTH = 8;

    private JsonShape() {}

    /** @return the shape of the given type, as JSON text */
    public static String of(Type type) {
        return Json.write(describe(type, 0));
    }

    private static Object describe(Type type, int depth) {
        Class<?> raw = raw(type);
        if (raw == null || depth > MAX_DEPTH || raw == Object.class) {
            return "any";
        }
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return "string";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == int.class
                || raw == long.class
                || raw == short.class
                || raw == byte.class
                || raw == Integer.class
                || raw == Long.class
                || raw == Short.class
                || raw == Byte.class
                || raw == java.math.BigInteger.class) {
            return "integer";
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw) || raw == BigDecimal.class) {
            return "number";
        }
        if (raw.isEnum()) {
            List<Object> names = new ArrayList<>();
            for (Object c : raw.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            return Map.of("enum", names);
        }
        if (raw.isArray()) {
            return Map.of("list", describe(raw.getComponentType(), depth + 1));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return Map.of("list", describe(typeArgument(type, 0), depth + 1));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return Map.of("map", describe(typeArgument(type, 1), depth + 1));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                fields.put(c.getName(), describe(c.getGenericType(), depth + 1));
                if (c.getType().isPrimitive()) {
                    required.add(c.getName());
                }
            }
        } else {
            for (Field f : JsonBinder.dataFields(raw)) {
                fields.put(f.getName(), describe(f.getGenericType(), depth + 1));
            }
        }
        // A missing primitive would silently become false or 0: an approval without "approved" must not
        // turn into a rejection, so record components of primitive type are required.
        return required.isEmpty() ? Map.of("object", fields) : Map.of("object", fields, "required", required);
    }

    /**
     * Checks a parsed JSON value against a shape.
     *
     * @param shapeJson a shape from {@link #of}
     * @param value a value from {@link Json#parse}
     * @return {@code null} if it fits, else one line saying where and why it does not
     */
    public static String check(String shapeJson, Object value) {
        try {
            return check(Json.parse(shapeJson), value, "the payload");
        } catch (JsonException e) {
            return null; // a shape we cannot read is not the user's fault: let the engine decide
        }
    }

    @SuppressWarnings("unchecked")
    private static String check(Object shape, Object value, String where) {
        if (value == null || "any".equals(shape)) {
            return null;
        }
        if ("string".equals(shape)) {
            return value instanceof String ? null : where + " must be a string, not " + kind(value);
        }
        if ("boolean".equals(shape)) {
            return value instanceof Boolean ? null : where + " must be true or false, not " + kind(value);
        }
        if ("integer".equals(shape)) {
            if (!(value instanceof BigDecimal)) {
                return where + " must be a whole number, not " + kind(value);
            }
            return ((BigDecimal) value).stripTrailingZeros().scale() <= 0
                    ? null
                    : where + " must be a whole number, not " + value;
        }
        if ("number".equals(shape)) {
            return value instanceof BigDecimal ? null : where + " must be a number, not " + kind(value);
        }
        if (!(shape instanceof Map)) {
            return null;
        }
        Map<String, Object> s = (Map<String, Object>) shape;
        if (s.containsKey("enum")) {
            List<Object> names = (List<Object>) s.get("enum");
            return names.contains(value) ? null : where + " must be one of " + names + ", not " + Json.write(value);
        }
        if (s.containsKey("list")) {
            if (!(value instanceof List)) {
                return where + " must be an array, not " + kind(value);
            }
            List<Object> list = (List<Object>) value;
            for (int i = 0; i < list.size(); i++) {
                String problem = check(s.get("list"), list.get(i), where + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (s.containsKey("map") || s.containsKey("object")) {
            if (!(value instanceof Map)) {
                return where + " must be an object, not " + kind(value);
            }
            Map<String, Object> object = (Map<String, Object>) value;
            Map<String, Object> fields = (Map<String, Object>) s.get("object");
            for (Map.Entry<String, Object> e : object.entrySet()) {
                Object fieldShape = fields == null ? s.get("map") : fields.get(e.getKey());
                String path = "field \"" + e.getKey() + "\"";
                if (fieldShape == null) {
                    return path + " is not one of the fields " + fields.keySet();
                }
                String problem = check(fieldShape, e.getValue(), path);
                if (problem != null) {
                    return problem;
                }
            }
            Object required = s.get("required");
            if (required instanceof List) {
                for (Object name : (List<Object>) required) {
                    if (!object.containsKey(name)) {
                        return "field \"" + name + "\" is missing"
                                + (where.equals("the payload") ? "" : " in " + where);
                    }
                }
            }
        }
        return null;
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof BigDecimal) {
            return "the number " + value;
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List) {
            return "an array";
        }
        return "an object";
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        return null;
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType) {
            Type[] args = ((ParameterizedType) type).getActualTypeArguments();
            if (index < args.length) {
                return args[index];
            }
        }
        return Object.class;
    }

    static boolean isData(Field f) {
        int m = f.getModifiers();
        return !Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic();
    }
}
