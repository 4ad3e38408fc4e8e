package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.agent.internal.config.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.MethodNode;

/** Reads Lazarus annotations off ASM method nodes, without loading any class. */
final class Annotations {
    static final String DURABLE = "Ldev/lazarus/Durable;";
    static final String EXECUTION_KEY = "Ldev/lazarus/ExecutionKey;";
    static final String RETRY = "Ldev/lazarus/Retry;";

    private Annotations() {}

    static boolean isDurable(MethodNode m) {
        return find(m.visibleAnnotations, DURABLE) != null || find(m.invisibleAnnotations, DURABLE) != null;
    }

    /** @return {@code @Durable(name)} or {@code ""} */
    static String durableName(MethodNode m) {
        AnnotationNode a = find(m.visibleAnnotations, DURABLE);
        if (a == null) {
            a = find(m.invisibleAnnotations, DURABLE);
        }
        if (a != null && a.values != null) {
            for (int i = 0; i + 1 < a.values.size(); i += 2) {
                if ("name".equals(a.values.get(i))) {
                    return String.valueOf(a.values.get(i + 1));
                }
            }
        }
        return "";
    }

    /** @return the {@code @Retry} among these annotations, or {@code null} */
    static AnnotationNode retry(List<AnnotationNode> annotations) {
        return find(annotations, RETRY);
    }

    /**
     * Turns a {@code @Retry} into a policy, with the annotation's defaults for what it does not set.
     *
     * @throws dev.lazarus.LazarusException (LAZ-006) for a bad duration or count
     */
    static RetryPolicy retryPolicy(AnnotationNode retry) {
        int maxAttempts = 3;
        String initialDelay = "1s";
        String maxDelay = "1m";
        double multiplier = 2.0;
        List<String> retryOn = new ArrayList<>();
        List<String> abortOn = new ArrayList<>();
        if (retry.values != null) {
            for (int i = 0; i + 1 < retry.values.size(); i += 2) {
                String name = (String) retry.values.get(i);
                Object value = retry.values.get(i + 1);
                switch (name) {
                    case "maxAttempts":
                        maxAttempts = (Integer) value;
                        break;
                    case "initialDelay":
                        initialDelay = (String) value;
                        break;
                    case "maxDelay":
                        maxDelay = (String) value;
                        break;
                    case "multiplier":
                        multiplier = (Double) value;
                        break;
                    case "retryOn":
                        retryOn = classNames(value);
                        break;
                    case "abortOn":
                        abortOn = classNames(value);
                        break;
                    default:
                        break;
                }
            }
        }
        return RetryPolicy.of(maxAttempts, initialDelay, maxDelay, multiplier, retryOn, abortOn);
    }

    private static List<String> classNames(Object value) {
        List<String> names = new ArrayList<>();
        for (Object t : (List<?>) value) {
            names.add(((Type) t).getClassName());
        }
        return names;
    }

    /** @return the index of the {@code @ExecutionKey} parameter, or -1 */
    static int executionKeyIndex(MethodNode m) {
        int index = keyIndex(m.visibleParameterAnnotations);
        return index >= 0 ? index : keyIndex(m.invisibleParameterAnnotations);
    }

    private static int keyIndex(List<AnnotationNode>[] params) {
        if (params == null) {
            return -1;
        }
        for (int i = 0; i < params.length; i++) {
            if (find(params[i], EXECUTION_KEY) != null) {
                return i;
            }
        }
        return -1;
    }

    private static AnnotationNode find(List<AnnotationNode> list, String desc) {
        if (list == null) {
            return null;
        }
        for (AnnotationNode a : list) {
            if (a.desc.equals(desc)) {
                return a;
            }
        }
        return null;
    }

    /** A cheap pre-filter on raw class bytes: does the constant pool mention {@code @Durable} at all? */
    static boolean mentionsDurable(byte[] classBytes) {
        byte[] needle = DURABLE_BYTES;
        outer:
        for (int i = 0, end = classBytes.length - needle.length; i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (classBytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static final byte[] DURABLE_BYTES = DURABLE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
