package dev.lazarus.it.apps.varargs;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Varargs everywhere a durable body can meet them: a field-held service's varargs method, a JDK varargs
 * method with effects ({@code Files.writeString(path, s, UTF_8, CREATE, APPEND)}) in the body and in a
 * same-class helper (which is also called outside any execution), and a {@code @Durable} method whose last
 * parameter is varargs.
 *
 * <p>{@code VarargsApp KEY FILE}: prints {@code HELPER <text>} for the helper called outside an execution,
 * then {@code RESULT <result>} of the durable method. Block at {@code gate:joined} to kill it in between.
 */
public final class VarargsApp {
    private final Texts texts = new Texts();
    private final Gate gate = new Gate();
    private final Path file;

    VarargsApp(Path file) {
        this.file = file;
    }

    public static void main(String[] args) throws IOException {
        VarargsApp app = new VarargsApp(Paths.get(args[1]));
        System.out.println("HELPER " + app.append("outside-" + args[0]));
        System.out.println("RESULT " + app.run(args[0], "x", "y", "z"));
    }

    @Durable
    String run(@ExecutionKey String key, String... extra) throws IOException {
        String joined = texts.join(",", key, "a", "b");
        gate.pass("joined");
        Files.writeString(
                file,
                "body " + joined + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        String appended = append(joined);
        return texts.join("|", joined, appended, String.join("+", extra));
    }

    /** A same-class helper: part of the body when the body calls it, plain code when main does. */
    String append(String text) throws IOException {
        Files.writeString(
                file,
                "helper " + text + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return text.length() + ":" + text;
    }
}
