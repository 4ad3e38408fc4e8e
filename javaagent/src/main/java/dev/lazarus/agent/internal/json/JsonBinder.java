package dev.lazarus.agent.internal.json;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed JSON value into an instance of the type an execution awaits: strings, numbers,
 * booleans, enums (by name), records (by component name), classes with fields (through their no-argument
 * constructor), arrays, lists, sets and maps. Unknown fields are refused: an approval with a misspelt
 * field must not pass silently.
 */
public final class JsonBinder {
    /** Digits of a {@link BigInteger} made from JSON: as many as the reader allows in one number. */
    private static final int MAX_INTEGER_DIGITS = JsonReader.MAX_NUMBER_LENGTH;

    private JsonBinder() {}

    /**
     * @param value a value from {@link Json#parse}
     * @param type the target type
     * @return the bound value
     * @throws JsonException naming the field that does not fit
     */
    public static Object bind(Object value, Type type) throws JsonException {
        return bind(value, type, "the payload");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object bind(Object value, Type type, String where) throws JsonException {
        Class<?> raw = JsonShape.raw(type);
        if (raw == null || raw == Object.class) {
            return value;
        }
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new JsonException(where + " is null but must be a " + raw.getName());
            }
            return null;
        }
        String problem = JsonShape.check(JsonShape.of(type), value);
        if (problem != null && !(value instanceof Map)) {
            throw new JsonException(problem.replace("the payload", where));
        }
        if (raw == String.class) {
            return value;
        }
        if (raw == char.class || raw == Character.class) {
            String s = (String) value;
            if (s.length() != 1) {
                throw new JsonException(where + " must be a single character");
            }
            return s.charAt(0);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return value;
        }
        if (value instanceof BigDecimal) {
            return number((BigDecimal) value, raw, where);
        }
        if (raw.isEnum()) {
            return Enum.valueOf((Class<Enum>) raw, (String) value);
        }
        if (raw.isArray()) {
            List<Object> list = (List<Object>) value;
            Object array = Array.newInstance(raw.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, bind(list.get(i), raw.getComponentType(), where + "[" + i + "]"));
            }
            return array;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Collection<Object> out = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            List<Object> list = (List<Object>) value;
            for (int i = 0; i < list.size(); i++) {
                out.add(bind(list.get(i), JsonShape.typeArgument(type, 0), where + "[" + i + "]"));
            }
            return out;
        }
        Map<String, Object> object = (Map<String, Object>) value;
        if (Map.class.isAssignableFrom(raw)) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : object.entrySet()) {
                out.put(
                        e.getKey(),
                        bind(e.getValue(), JsonShape.typeArgument(type, 1), "field \"" + e.getKey() + "\""));
            }
            return out;
        }
        return raw.isRecord() ? record(object, raw, where) : pojo(object, raw, where);
    }

    private static Object record(Map<String, Object> object, Class<?> raw, String where) throws JsonException {
        RecordComponent[] components = raw.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent c : components) {
            names.add(c.getName());
        }
        refuseUnknown(object, names, raw);
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            if (c.getType().isPrimitive() && !object.containsKey(c.getName())) {
                throw new JsonException(
                        "field \"" + c.getName() + "\" is missing (" + raw.getSimpleName() + " needs it)");
            }
            args[i] = bind(object.get(c.getName()), c.getGenericType(), "field \"" + c.getName() + "\"");
        }
        try {
            Constructor<?> ctor = raw.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new JsonException(where + " cannot be made into a " + raw.getName() + ": " + e);
        }
    }

    private static Object pojo(Map<String, Object> object, Class<?> raw, String where) throws JsonException {
        List<Field> fields = dataFields(raw);
        Set<String> names = new LinkedHashSet<>();
        for (Field f : fields) {
            names.add(f.getName());
        }
        refuseUnknown(object, names, raw);
        Object instance;
        try {
            Constructor<?> ctor = raw.getDeclaredConstructor();
            ctor.setAccessible(true);
            instance = ctor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new JsonException(raw.getName() + " has no no-argument constructor to build " + where
                    + " from JSON; use a record or add one");
        }
        for (Field f : fields) {
            if (object.containsKey(f.getName())) {
                try {
                    f.setAccessible(true);
                    f.set(instance, bind(object.get(f.getName()), f.getGenericType(), "field \"" + f.getName() + "\""));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new JsonException(
                            "field \"" + f.getName() + "\" of " + raw.getName() + " cannot be set: " + e);
                }
            }
        }
        return instance;
    }

    private static void refuseUnknown(Map<String, Object> object, Set<String> names, Class<?> raw)
            throws JsonException {
        for (String key : object.keySet()) {
            if (!names.contains(key)) {
                throw new JsonException(
                        "field \"" + key + "\" is not one of the fields " + names + " of " + raw.getSimpleName());
            }
        }
    }

    /**
     * The number as the awaited type, only if the type holds it: exactly for whole-number types, and for
     * {@code double} and {@code float} to the nearest value, but never as an infinity or as a zero that was
     * not zero (JSON has no infinities, so a payload's 1e400 is a mistake, not a wish for Infinity).
     */
    private static Object number(BigDecimal n, Class<?> raw, String where) throws JsonException {
        try {
            if (raw == int.class || raw == Integer.class) {
                return n.intValueExact();
            }
            if (raw == long.class || raw == Long.class) {
                return n.longValueExact();
            }
            if (raw == short.class || raw == Short.class) {
                return n.shortValueExact();
            }
            if (raw == byte.class || raw == Byte.class) {
                return n.byteValueExact();
            }
            if (raw == double.class || raw == Double.class) {
                double d = n.doubleValue();
                return fitsFloatingPoint(n, d) ? d : misfit(n, raw, where);
            }
            if (raw == float.class || raw == Float.class) {
                float f = n.floatValue();
                return fitsFloatingPoint(n, f) ? f : misfit(n, raw, where);
            }
            if (raw == BigInteger.class) {
                // 1e999999999 is a short text whose BigInteger would take hundreds of megabytes
                if (n.signum() != 0 && n.precision() - n.scale() > MAX_INTEGER_DIGITS) {
                    return misfit(n, raw, where);
                }
                return n.toBigIntegerExact();
            }
            return n;
        } catch (ArithmeticException e) {
            return misfit(n, raw, where);
        }
    }

    private static boolean fitsFloatingPoint(BigDecimal n, double d) {
        return !Double.isInfinite(d) && (d != 0 || n.signum() == 0);
    }

    /** Always throws; returns a value only so that it reads as one branch of an expression. */
    private static Object misfit(BigDecimal n, Class<?> raw, String where) throws JsonException {
        throw new JsonException(where + " = " + n + " does not fit a " + raw.getSimpleName());
    }

    static List<Field> dataFields(Class<?> raw) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (JsonShape.isData(f)) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }
}
