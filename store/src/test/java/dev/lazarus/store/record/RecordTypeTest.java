package dev.lazarus.store.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of record types against the record classes, and the type bytes of the released format. */
class RecordTypeTest {
    /** @return every record class the sealed {@link JournalRecord} hierarchy permits, however deep */
    static Set<Class<?>> recordClasses() {
        Set<Class<?>> out = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(java.util.List.of(JournalRecord.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) {
                todo.addAll(java.util.List.of(c.getPermittedSubclasses()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void everyRecordClassHasExactlyOneType() {
        Set<Class<?>> inTable = new HashSet<>();
        for (RecordType t : RecordType.values()) {
            assertTrue(inTable.add(t.recordClass()), t + " shares its class with another type");
        }
        assertEquals(recordClasses(), inTable, "the table and the sealed hierarchy of JournalRecord must agree");
        recordClasses()
                .forEach(c -> assertTrue(c.isRecord(), c + " is not a record: RecordType.of needs final classes"));
    }

    /**
     * The bytes of the first released format. Journals on users' disks hold them: a change here is a change of
     * format, which the golden journals of the end-to-end tests also catch.
     */
    @Test
    void typeBytesAreThoseOfTheReleasedFormat() {
        Map<RecordType, Integer> released = new LinkedHashMap<>();
        released.put(RecordType.EXECUTION_STARTED, 1);
        released.put(RecordType.STEP_RECORDED, 2);
        released.put(RecordType.EXECUTION_FINISHED, 3);
        released.put(RecordType.RECOVERY_STARTED, 4);
        released.put(RecordType.EXECUTION_DIVERGED, 5);
        released.put(RecordType.AWAIT_STARTED, 6);
        released.put(RecordType.EVENT_CONSUMED, 7);
        released.put(RecordType.EVENT_SENT, 8);
        released.put(RecordType.ATTEMPT_FAILED, 9);
        released.put(RecordType.EXECUTION_RETRIED, 10);
        for (RecordType t : RecordType.values()) {
            if (released.containsKey(t)) {
                assertEquals((int) released.get(t), t.id(), t + " changed its byte");
            } else {
                assertTrue(t.id() > 10, t + " is new and must take a byte no released type has");
            }
            assertEquals(Optional.of(t), RecordType.forId(t.id()));
        }
    }

    @Test
    void unknownBytesAreNamedAsSuch() {
        for (int b = Byte.MIN_VALUE; b <= Byte.MAX_VALUE; b++) {
            byte id = (byte) b;
            Optional<RecordType> t = RecordType.forId(id);
            assertEquals(t.map(RecordType::label).orElse("unknown type " + b), RecordType.describe(id));
        }
        assertEquals(Optional.empty(), RecordType.forId((byte) 0));
    }

    /** Each record reaches the one case whose parameter is its class, and the case's answer comes back. */
    @Test
    void dispatchCallsTheCaseOfTheRecordsType() {
        Object[] called = new Object[1];
        @SuppressWarnings("unchecked")
        RecordCases<Method> cases = (RecordCases<Method>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RecordCases.class}, (proxy, method, args) -> {
                    called[0] = args[0];
                    return method;
                });
        for (JournalRecord r : RecordCodecTest.SAMPLES) {
            Method m = RecordType.dispatch(r, cases);
            assertSame(r, called[0]);
            assertEquals(RecordType.of(r).recordClass(), m.getParameterTypes()[0], r.toString());
        }
        assertEquals(
                RecordType.values().length, RecordCases.class.getDeclaredMethods().length, "one case per record type");
    }
}
