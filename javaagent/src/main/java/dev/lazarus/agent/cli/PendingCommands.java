package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' commands ({@code retry}, {@code cancel}, {@code delete}) still waiting in the journal's inbox: written
 * by the command line, not yet carried out by the application (it is stopped, or has not polled yet). The command
 * line shows executions as the application will see them once these are carried out, so that a second
 * {@code retry} is not taken for a first one and a {@code cancel} after a {@code retry} is not refused.
 *
 * <p>Read as the application reads its inbox: only regular files of {@code ctl-*.json}, never through a link, at
 * most {@link #MAX_FILE_BYTES} each; anything else is not a command here.
 */
final class PendingCommands {
    /** More than any command the command line writes (a few hundred bytes); an inbox file is never read whole past it. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private final Map<String, String> byExecution = new HashMap<>();

    private PendingCommands() {}

    /** @return no pending command (a journal read without looking at its inbox) */
    static PendingCommands none() {
        return new PendingCommands();
    }

    /**
     * @param journal the journal directory
     * @return the commands in its inbox, in the order they were written (their file names sort so)
     */
    static PendingCommands read(Path journal) {
        PendingCommands p = new PendingCommands();
        Path inbox = journal.resolve("inbox");
        if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
            return p;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(inbox, "ctl-*.json")) {
            s.forEach(files::add);
        } catch (IOException e) {
            return p; // an inbox that cannot be listed holds nothing this command can know of
        }
        files.sort(null);
        for (Path f : files) {
            Map<?, ?> content = parse(f);
            if (content != null
                    && content.get("control") instanceof String command
                    && content.get("execution") instanceof String execution) {
                p.byExecution.put(execution, command);
            }
        }
        return p;
    }

    private static Map<?, ?> parse(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_FILE_BYTES) {
                return null;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer b = ByteBuffer.allocate(MAX_FILE_BYTES + 1);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // at most the limit and a byte
                }
                if (b.position() > MAX_FILE_BYTES) {
                    return null;
                }
                return Json.parse(java.util.Arrays.copyOf(b.array(), b.position())) instanceof Map<?, ?> m ? m : null;
            }
        } catch (IOException | JsonException | RuntimeException e) {
            return null; // carried out (and deleted) meanwhile, or not a command: the application sets it aside
        }
    }

    /** @return the last command pending for the execution ({@code retry}, {@code cancel}, {@code delete}), or null */
    String forExecution(String executionId) {
        return byExecution.get(executionId);
    }
}
