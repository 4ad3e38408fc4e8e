package dev.lazarus.agent.internal.instrumentation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Judges a callee's declared result type, when the calling class is instrumented: plain data (void,
 * primitives, strings, numbers, enums, records, {@code java.time} values, the JDK's collections and maps,
 * Jackson trees, concrete classes: a user's DTOs) may be journaled; {@code Object} and type variables only
 * run time can tell; a service (an interface or abstract class that is not one of the JDK's data types), a
 * builder, a resource, a stream, a sequence, a future, a lazy value or a function is a live object, so the
 * call that returns it is recomputed. Types are read from their class files through {@link CalleeFacts},
 * never loaded.
 */
final class ResultTypes {
    /** Library types that are plain data though their shape says otherwise (Jackson's trees are abstract). */
    private static final String[] DATA_PREFIXES = {
        "com/fasterxml/jackson/databind/JsonNode",
        "com/fasterxml/jackson/databind/node/",
        "tools/jackson/databind/JsonNode",
        "tools/jackson/databind/node/"
    };

    /** Library types whose shape is known by name (Kotlin's lazy types, coroutines' flows and jobs). */
    private static final Map<String, ResultShape> LIBRARY_SHAPES = Map.of(
            "kotlin/sequences/Sequence", ResultShape.SEQUENCE,
            "kotlin/Lazy", ResultShape.LAZY,
            "kotlinx/coroutines/flow/Flow", ResultShape.STREAM,
            "kotlinx/coroutines/Deferred", ResultShape.FUTURE,
            "kotlinx/coroutines/Job", ResultShape.FUTURE,
            "kotlin/Function", ResultShape.FUNCTION);

    /** How far up the type hierarchy a live supertype (a resource, a future) is looked for. */
    private static final int MAX_SUPERTYPES = 32;

    private final CalleeFacts facts;

    ResultTypes(CalleeFacts facts) {
        this.facts = facts;
    }

    /** @return the judgement of what the called method declares it returns */
    ResultVerdict ofCall(MethodInsnNode call) {
        Type returned = Type.getReturnType(call.desc);
        if (returned.getSort() == Type.OBJECT && returned.getInternalName().equals("java/lang/Object")) {
            String variable = typeVariable(call);
            if (variable != null) {
                return ResultVerdict.of(ResultShape.UNKNOWN, "a type variable (" + variable + ")", null);
            }
        }
        return of(returned);
    }

    /** @return the judgement of a declared type */
    ResultVerdict of(Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                return ResultVerdict.nothing();
            case Type.ARRAY: {
                ResultVerdict element = of(type.getElementType());
                String name = element.type() + "[]".repeat(type.getDimensions());
                return ResultVerdict.of(element.shape(), name, null);
            }
            case Type.OBJECT:
                return ofClass(type.getInternalName());
            default:
                return ResultVerdict.of(ResultShape.DATA, type.getClassName(), null);
        }
    }

    /** @return whether the class is a builder: named {@code ...Builder}, or with a public no-argument {@code build()} */
    boolean isBuilder(String type) {
        if (JdkCatalog.isDataType(type)) {
            return false; // StringBuilder
        }
        return simpleName(type).endsWith("Builder") || facts.typeOf(type).hasBuild;
    }

    private ResultVerdict ofClass(String type) {
        String name = readableName(type);
        if (type.equals("java/lang/Object")) {
            return ResultVerdict.of(ResultShape.UNKNOWN, "Object", null);
        }
        if (JdkCatalog.isDataType(type) || isLibraryData(type)) {
            return ResultVerdict.of(ResultShape.DATA, name, null);
        }
        ResultShape known = knownShape(type);
        if (known != null) {
            return ResultVerdict.of(known, name, null);
        }
        CalleeFacts.ClassFacts c = facts.typeOf(type);
        if (!c.found) {
            return ResultVerdict.of(ResultShape.UNKNOWN, name, "whose class file is not visible here");
        }
        if (c.isEnum() || c.isRecord()) {
            return ResultVerdict.of(ResultShape.DATA, name, c.isEnum() ? "an enum" : "a record");
        }
        if (isBuilder(type)) {
            return ResultVerdict.of(ResultShape.BUILDER, name, null);
        }
        ResultVerdict live = liveSupertype(type, name);
        if (live != null) {
            return live;
        }
        if (!c.permitted.isEmpty() && allData(c, new HashSet<>())) {
            return ResultVerdict.of(ResultShape.DATA, name, "sealed, every subclass plain data");
        }
        if (c.isInterface()) {
            if (isDataContract(type, new HashSet<>())) {
                return ResultVerdict.of(ResultShape.DATA, name, "an interface of plain-data accessors");
            }
            return ResultVerdict.of(ResultShape.SERVICE, name, "an interface");
        }
        if (c.isAbstract()) {
            return ResultVerdict.of(ResultShape.SERVICE, name, "an abstract class");
        }
        return ResultVerdict.of(ResultShape.DATA, name, null);
    }

    /**
     * An interface whose whole contract is accessors of plain data ({@code String summary()}, {@code int
     * cents()}), itself and the interfaces it extends: the shape of a value an application hands around behind
     * an interface, not of a service. A service's contract has methods that take arguments or hand out other
     * services ({@code completions()}), and an interface with no methods at all says nothing: both stay services.
     */
    private boolean isDataContract(String type, Set<String> seen) {
        if (!seen.add(type)) {
            return true;
        }
        CalleeFacts.ClassFacts c = facts.typeOf(type);
        if (!c.found || c.abstractMethods.isEmpty() && c.interfaces.isEmpty()) {
            return false;
        }
        for (String method : c.abstractMethods) {
            int paren = method.indexOf('(');
            if (!method.startsWith("()", paren)) {
                return false;
            }
            Type returns = Type.getReturnType(method.substring(paren));
            if (returns.getSort() == Type.VOID
                    || returns.getSort() == Type.OBJECT && JdkCatalog.isBoundaryAnswer(returns.getInternalName())) {
                return false; // an action, or a client handing out what a boundary answers
            }
            if (returns.getSort() == Type.OBJECT
                    && !returns.getInternalName().equals(type)
                    && !(facts.typeOf(returns.getInternalName()).isInterface()
                            ? isDataContract(returns.getInternalName(), seen)
                            : of(returns).shape() == ResultShape.DATA)) {
                return false;
            }
        }
        for (String parent : c.interfaces) {
            if (!isDataContract(parent, seen)) {
                return false;
            }
        }
        return true;
    }

    /** A sealed type is data when each of its permitted subclasses is. */
    private boolean allData(CalleeFacts.ClassFacts sealed, Set<String> seen) {
        for (String sub : sealed.permitted) {
            if (!seen.add(sub)) {
                continue;
            }
            CalleeFacts.ClassFacts c = facts.typeOf(sub);
            if (!c.permitted.isEmpty()) {
                if (!allData(c, seen)) {
                    return false;
                }
            } else if (of(Type.getObjectType(sub)).shape() != ResultShape.DATA) {
                return false;
            }
        }
        return true;
    }

    /**
     * The nearest supertype that makes the class a live object: a resource ({@code AutoCloseable}, a
     * socket), a future, a stream or a Kotlin lazy type. {@code Iterable} and function types are not
     * counted: a DTO may well be iterable or comparable.
     *
     * @return the class judged by that supertype, or {@code null}
     */
    private ResultVerdict liveSupertype(String type, String name) {
        Deque<String> queue = new ArrayDeque<>(facts.typeOf(type).supertypes());
        Set<String> seen = new HashSet<>();
        ResultVerdict found = null;
        while (!queue.isEmpty() && seen.size() < MAX_SUPERTYPES) {
            String s = queue.removeFirst();
            if (!seen.add(s) || s.equals("java/lang/Object")) {
                continue;
            }
            ResultShape shape = knownShape(s);
            if (shape == ResultShape.LIVE_RESOURCE) {
                return ResultVerdict.of(shape, name, "a subtype of " + readableName(s));
            }
            if (shape != null
                    && shape != ResultShape.FUNCTION
                    && shape != ResultShape.SERVICE
                    && !s.equals("java/lang/Iterable")
                    && found == null) {
                found = ResultVerdict.of(shape, name, "a subtype of " + readableName(s));
            }
            queue.addAll(facts.typeOf(s).supertypes());
        }
        return found;
    }

    private static ResultShape knownShape(String type) {
        if (JdkCatalog.isJdk(type)) {
            return JdkCatalog.liveShape(type);
        }
        ResultShape library = LIBRARY_SHAPES.get(type);
        if (library != null) {
            return library;
        }
        return type.startsWith("kotlin/jvm/functions/Function") ? ResultShape.FUNCTION : null;
    }

    private static boolean isLibraryData(String type) {
        for (String prefix : DATA_PREFIXES) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The name of the method's type variable when its generic signature returns one ({@code T get()}). */
    private String typeVariable(MethodInsnNode call) {
        String signature = facts.typeOf(call.owner).signatures.get(call.name + call.desc);
        if (signature == null) {
            return null;
        }
        String returned = signature.substring(signature.lastIndexOf(')') + 1);
        int throwsAt = returned.indexOf('^');
        if (throwsAt >= 0) {
            returned = returned.substring(0, throwsAt);
        }
        return returned.startsWith("T") && returned.endsWith(";") ? returned.substring(1, returned.length() - 1) : null;
    }

    /** {@code Params.Builder} for {@code com/acme/Params$Builder}. */
    static String readableName(String internalName) {
        return simpleName(internalName).replace('$', '.');
    }

    private static String simpleName(String internalName) {
        return OriginInterpreter.simpleOwner(internalName);
    }
}
