package dev.lazarus.agent.internal.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Writes the bridge classes (the only classes instrumented code refers to) into a small jar for the
 * bootstrap class path, so every class loader resolves the same bridge.
 */
final class BridgeJar {
    static final String[] CLASSES = {
        "dev/lazarus/agent/bridge/Bridge.class",
        "dev/lazarus/agent/bridge/Dispatcher.class",
    };

    private BridgeJar() {
    }

    static JarFile write() throws IOException {
        Path jar = Files.createTempFile("lazarus-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                try (InputStream in = BridgeJar.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("the agent jar lacks " + name);
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return new JarFile(jar.toFile());
    }
}
