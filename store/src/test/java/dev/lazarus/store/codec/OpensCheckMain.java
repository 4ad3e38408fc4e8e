package dev.lazarus.store.codec;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Run in a separate JVM by {@link ModuleOpensTest}: with {@code opened}, the JVM was started with exactly the
 * packages of {@link ValueCodec#modulePackagesToOpen()} opened, as the agent opens them, and everything that needs
 * them must work; with {@code closed}, nothing is opened (the codec without the agent) and the codec must degrade
 * without crashing. Prints {@code OK} and exits 0, or prints the failures and exits 1.
 */
public final class OpensCheckMain {

    private static final List<String> FAILURES = new ArrayList<>();

    private OpensCheckMain() {}

    public static void main(String[] args) {
        boolean opened = args.length > 0 && args[0].equals("opened");
        ValueCodec codec = ValueCodec.create();
        ClassLoader loader = OpensCheckMain.class.getClassLoader();

        check(
                "plain values",
                () -> List.of("a", 1).equals(codec.decode(codec.encode(List.of("a", 1), loader), loader)));

        IllegalStateException failure = new IllegalStateException("boom");
        Object back = codec.decode(codec.encode(failure, loader), loader);
        if (opened) {
            check(
                    "exception rebuilt as its class",
                    () -> back.getClass() == IllegalStateException.class
                            && ((Throwable) back).getMessage().equals("boom"));
            check(
                    "frames keep their format",
                    () -> ((Throwable) back)
                            .getStackTrace()[0]
                            .toString()
                            .equals(failure.getStackTrace()[0].toString()));
            SQLException sql =
                    (SQLException) codec.decode(codec.encode(new SQLException("dup", "23505", 7), loader), loader);
            check("java.sql exception fields", () -> "23505".equals(sql.getSQLState()) && sql.getErrorCode() == 7);
            AccessDeniedException denied = (AccessDeniedException)
                    codec.decode(codec.encode(new AccessDeniedException("/etc/x", null, "no"), loader), loader);
            check("java.nio.file exception fields", () -> "/etc/x".equals(denied.getFile()));
            InvocationTargetException ite = (InvocationTargetException) codec.decode(
                    codec.encode(new InvocationTargetException(new ArithmeticException("x")), loader), loader);
            check("java.lang.reflect exception fields", () -> ite.getTargetException() instanceof ArithmeticException);
            Random random = (Random) codec.decode(codec.encode(new Random(42), loader), loader);
            check("java.util internals (Random)", () -> random.nextInt() == new Random(42).nextInt());
            EnumMap<?, ?> empty =
                    (EnumMap<?, ?>) codec.decode(codec.encode(new EnumMap<>(TimeUnit.class), loader), loader);
            check("empty EnumMap key type", () -> empty.isEmpty());
        } else {
            check(
                    "exception degrades to RecordedThrowable",
                    () -> back instanceof RecordedThrowable
                            && ((Throwable) back).getMessage().equals("java.lang.IllegalStateException: boom")
                            && ((Throwable) back).getStackTrace().length == failure.getStackTrace().length);
            try {
                codec.encode(new Random(42), loader);
                FAILURES.add("java.util.Random encoded although java.util is not open");
            } catch (CodecException e) {
                check(
                        "closed package names the class: " + e.getMessage(),
                        () -> e.getMessage().contains("java.util.Random")
                                && e.code().equals(CodecException.CANNOT_SERIALIZE));
            }
        }
        if (FAILURES.isEmpty()) {
            System.out.println("OK");
            System.exit(0);
        }
        FAILURES.forEach(System.out::println);
        System.exit(1);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void check(String what, Check check) {
        try {
            if (!check.ok()) {
                FAILURES.add("failed: " + what);
            }
        } catch (Throwable e) {
            FAILURES.add("failed: " + what + ": " + e);
        }
    }
}
