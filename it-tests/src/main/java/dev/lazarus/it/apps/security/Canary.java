package dev.lazarus.it.apps.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A value whose code says when it runs: its static initialiser, constructors, {@code hashCode} and {@code toString}
 * each append a line to the file named by the system property {@code canary.file} (nothing without it). Passed to a
 * durable method, it stands for any class a crafted journal could name: whatever decodes it runs its code.
 */
public class Canary {
    static {
        mark("initialised");
    }

    public String note;

    public Canary() {
        mark("constructed");
    }

    public Canary(String note) {
        this();
        this.note = note;
    }

    @Override
    public int hashCode() {
        mark("hashCode");
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Canary c && String.valueOf(note).equals(String.valueOf(c.note));
    }

    @Override
    public String toString() {
        mark("toString");
        return "canary " + note;
    }

    static void mark(String what) {
        String file = System.getProperty("canary.file");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(
                    Path.of(file),
                    what + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
