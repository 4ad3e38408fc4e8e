package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Recorded exceptions come back as the same class with message, stack trace, cause, suppressed and fields. */
class ThrowableCodecTest {

    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ThrowableCodecTest.class.getClassLoader();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) CODEC.decode(CODEC.encode(value, LOADER), LOADER);
    }

    private static void assertSameFrames(Throwable expected, Throwable actual) {
        assertArrayEquals(expected.getStackTrace(), actual.getStackTrace());
        assertTrue(expected.getStackTrace().length > 0, "the test exception has frames");
        // toString also depends on the JDK's format hint (whether "app//" and module versions are shown)
        assertEquals(Arrays.toString(expected.getStackTrace()), Arrays.toString(actual.getStackTrace()));
    }

    /** Thrown from a few frames deep, so the trace is worth comparing. */
    private static IllegalStateException thrown(String message) {
        try {
            Arrays.asList(1).forEach(i -> {
                throw new IllegalStateException(message);
            });
            throw new AssertionError("not thrown");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    @Test
    void sameClassMessageAndStackTrace() {
        IllegalStateException original = thrown("boom");
        Throwable back = roundTrip(original);
        assertSame(IllegalStateException.class, back.getClass());
        assertEquals("boom", back.getMessage());
        assertSameFrames(original, back);
        assertNull(back.getCause());
    }

    @Test
    void causeChainAndSuppressed() {
        IOException root = new IOException("disk on fire");
        UncheckedIOException middle = new UncheckedIOException("reading orders", root);
        RuntimeException top = new RuntimeException("import failed", middle);
        IllegalArgumentException closing = new IllegalArgumentException("close failed");
        top.addSuppressed(closing);
        top.addSuppressed(new IOException("second"));

        Throwable back = roundTrip(top);
        assertEquals("import failed", back.getMessage());
        assertInstanceOf(UncheckedIOException.class, back.getCause());
        assertEquals("reading orders", back.getCause().getMessage());
        assertInstanceOf(IOException.class, back.getCause().getCause());
        assertEquals("disk on fire", back.getCause().getCause().getMessage());
        assertSameFrames(root, back.getCause().getCause());
        assertEquals(2, back.getSuppressed().length);
        assertInstanceOf(IllegalArgumentException.class, back.getSuppressed()[0]);
        assertEquals("close failed", back.getSuppressed()[0].getMessage());
        assertSameFrames(closing, back.getSuppressed()[0]);
        assertEquals("second", back.getSuppressed()[1].getMessage());
    }

    @Test
    void causeIsItselfMeansNeverSet() {
        RuntimeException original = new RuntimeException("no cause yet"); // its cause field is itself
        Throwable back = roundTrip(original);
        assertNull(back.getCause());
        // "never set" survives: initCause still works, as on the original; a null cause would refuse it
        IOException later = new IOException("later");
        back.initCause(later);
        assertSame(later, back.getCause());

        RuntimeException explicitNull = new RuntimeException("explicitly none", null);
        Throwable backNull = roundTrip(explicitNull);
        assertThrows(IllegalStateException.class, () -> backNull.initCause(new IOException()));
    }

    @Test
    void causeCycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        Throwable back = roundTrip(a);
        assertEquals("b", back.getCause().getMessage());
        assertSame(back, back.getCause().getCause());
    }

    /** A custom exception with fields, whose constructor computes the message and has a side effect. */
    static class HttpException extends RuntimeException {
        static int constructed;
        final int statusCode;
        final String body;
        transient Object connection = new Object();

        HttpException(int statusCode, String body) {
            super("HTTP " + statusCode);
            this.statusCode = statusCode;
            this.body = body;
            constructed++;
        }
    }

    static final class RateLimited extends HttpException {
        final long retryAfterMillis;

        RateLimited(long retryAfterMillis) {
            super(429, "slow down");
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    @Test
    void customExceptionFieldsRebuiltWithoutConstructor() {
        RateLimited original = new RateLimited(1500);
        int before = HttpException.constructed;
        RateLimited back = roundTrip(original);
        assertEquals(before, HttpException.constructed, "no constructor ran");
        assertEquals("HTTP 429", back.getMessage());
        assertEquals(429, back.statusCode);
        assertEquals("slow down", back.body);
        assertEquals(1500, back.retryAfterMillis);
        assertNull(back.connection, "transient fields are not recorded");
        assertSameFrames(original, back);
    }

    /** A library exception that holds a live resource next to its data. */
    static final class ClientException extends RuntimeException {
        final int status;
        final java.net.Socket connection;
        final ClientException self;

        ClientException(int status) {
            super("status " + status);
            this.status = status;
            this.connection = new java.net.Socket();
            this.self = this;
        }
    }

    @Test
    void fieldsThatAreNotDataAreSkippedNotFatal() {
        ClientException back = roundTrip(new ClientException(503));
        assertEquals(503, back.status);
        assertEquals("status 503", back.getMessage());
        assertNull(back.connection, "a socket is not recorded, the exception still is");
        assertSame(ClientException.class, back.self.getClass(), "a self-reference comes back as a (bounded) copy");
    }

    @Test
    void fieldWhoseClassIsGoneIsSkipped() throws Exception {
        String exception = """
                package com.acme.err;
                public class DetailedException extends RuntimeException {
                    public final int code;
                    public final Object detail;
                    public DetailedException(int code, Object detail) { super("code " + code); this.code = code; this.detail = detail; }
                }
                """;
        ClassLoader withDetail = Throwaway.loader(LOADER, exception, """
                package com.acme.err;
                public class Detail { public String text = "gone soon"; }
                """);
        ClassLoader withoutDetail = Throwaway.loader(LOADER, exception);
        Object detail = Throwaway.create(withDetail, "com.acme.err.Detail");
        byte[] bytes =
                CODEC.encode(Throwaway.create(withDetail, "com.acme.err.DetailedException", 7, detail), withDetail);
        Throwable back = (Throwable) CODEC.decode(bytes, withoutDetail);
        assertEquals("com.acme.err.DetailedException", back.getClass().getName());
        assertEquals(7, back.getClass().getField("code").getInt(back));
        assertNull(back.getClass().getField("detail").get(back));
    }

    static final class Quiet extends RuntimeException {
        Quiet() {
            super("quiet", null, false, false);
        }
    }

    @Test
    void disabledSuppressionAndStackTraceStayDisabled() {
        Quiet back = roundTrip(new Quiet());
        assertEquals(0, back.getStackTrace().length);
        back.addSuppressed(new RuntimeException());
        assertEquals(0, back.getSuppressed().length, "suppression is still disabled");
        back.setStackTrace(new StackTraceElement[] {new StackTraceElement("A", "b", "C.java", 1)});
        assertEquals(0, back.getStackTrace().length, "the stack trace is still immutable");
    }

    @Test
    void jdkExceptionsKeepTheirFields() throws Exception {
        NoSuchFileException noFile = new NoSuchFileException("/data/in.csv", null, "gone");
        NoSuchFileException noFileBack = roundTrip(noFile);
        assertEquals("/data/in.csv", noFileBack.getFile());
        assertEquals("gone", noFileBack.getReason());
        assertEquals(noFile.getMessage(), noFileBack.getMessage());

        SQLException sql = new SQLException("duplicate key", "23505", 1062);
        sql.setNextException(new SQLException("next"));
        SQLException sqlBack = roundTrip(sql);
        assertEquals("23505", sqlBack.getSQLState());
        assertEquals(1062, sqlBack.getErrorCode());
        assertEquals("next", sqlBack.getNextException().getMessage());

        InvocationTargetException ite = new InvocationTargetException(new ArithmeticException("/ by zero"));
        InvocationTargetException iteBack = roundTrip(ite);
        assertInstanceOf(ArithmeticException.class, iteBack.getTargetException());
    }

    private static final String GONE_SOURCE = """
            package com.acme.gone;
            public class PaymentDeclinedException extends RuntimeException {
                public final int code;
                public PaymentDeclinedException(String message, int code, Throwable cause) {
                    super(message, cause);
                    this.code = code;
                }
            }
            """;

    @Test
    void exceptionClassMissingAtDecodeBecomesRecordedThrowable() throws Exception {
        ClassLoader deployed = Throwaway.loader(LOADER, GONE_SOURCE);
        Throwable original = (Throwable) Throwaway.create(
                deployed,
                "com.acme.gone.PaymentDeclinedException",
                "card expired",
                51,
                new IOException("gateway said no"));
        original.addSuppressed(new IllegalStateException("rollback failed"));
        byte[] bytes = CODEC.encode(original, deployed);

        // Same loader: same class, with its field.
        Throwable same = (Throwable) CODEC.decode(bytes, deployed);
        assertSame(original.getClass(), same.getClass());
        assertEquals(51, same.getClass().getField("code").getInt(same));

        // After a redeploy without the class: a RecordedThrowable that says what was recorded.
        Throwable back = (Throwable) CODEC.decode(bytes, LOADER);
        RecordedThrowable recorded = assertInstanceOf(RecordedThrowable.class, back);
        assertEquals("com.acme.gone.PaymentDeclinedException", recorded.originalClassName());
        assertEquals("card expired", recorded.originalMessage());
        assertEquals("com.acme.gone.PaymentDeclinedException: card expired", recorded.getMessage());
        assertSameFrames(original, recorded);
        assertInstanceOf(IOException.class, recorded.getCause());
        assertEquals("gateway said no", recorded.getCause().getMessage());
        assertEquals("rollback failed", recorded.getSuppressed()[0].getMessage());

        // Recorded again (a replayed failure journaled anew) and read where the class is back: the original class.
        Throwable again = (Throwable) CODEC.decode(CODEC.encode(recorded, LOADER), deployed);
        assertSame(original.getClass(), again.getClass());
        assertEquals("card expired", again.getMessage());
        assertNotSame(original, again);
    }

    @Test
    void exceptionThatIsNoLongerAThrowableBecomesRecordedThrowable() {
        ClassLoader v1 = Throwaway.loader(LOADER, """
                package com.acme.shift;
                public class Oops extends RuntimeException {
                    public Oops(String m) { super(m); }
                }
                """);
        ClassLoader v2 = Throwaway.loader(LOADER, """
                package com.acme.shift;
                public class Oops {
                }
                """);
        byte[] bytes = CODEC.encode(Throwaway.create(v1, "com.acme.shift.Oops", "was an exception"), v1);
        RecordedThrowable back = assertInstanceOf(RecordedThrowable.class, CODEC.decode(bytes, v2));
        assertEquals("com.acme.shift.Oops: was an exception", back.getMessage());
    }
}
