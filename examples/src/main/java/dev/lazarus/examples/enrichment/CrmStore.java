package dev.lazarus.examples.enrichment;

import dev.lazarus.Lazarus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A stand-in for a CRM whose "create contact" endpoint accepts an idempotency key, as Stripe's, Adyen's
 * and many others' do: a request with a key it has already seen is not applied again; the first
 * response is returned. The CRM is a file ({@code -Denrichment.crm=FILE}, default
 * {@code target/enrichment-crm.txt}), so it outlives the process like a real one.
 *
 * <p>The key is {@link Lazarus#stepKey()}: the same for every attempt of this call and after a crash in the
 * middle of it. That is what makes the one call Lazarus may run twice (the one in flight when the
 * process died) harmless.
 *
 * <p>{@code -Denrichment.crashAfterSaves=N} simulates {@code kill -9} right after the N-th contact this
 * process stores, before {@code save} returns: the worst moment, the side effect done but not journaled.
 */
class CrmStore {
    private final Path file = Paths.get(System.getProperty("enrichment.crm", "target/enrichment-crm.txt"));
    private final int crashAfter = Integer.getInteger("enrichment.crashAfterSaves", 0);
    private int saved;

    /**
     * Creates the contact, once per idempotency key.
     *
     * @return the CRM's id of the contact (the same id again for a repeated key)
     */
    String save(Contact c) {
        String key = Lazarus.stepKey();
        if (key == null) {
            key = "no-agent:" + c.email(); // without the agent there is no step key
        }
        for (String line : lines()) {
            String[] f = line.split("\t");
            if (f[0].equals(key)) {
                System.out.println("  LIVE  crm.save(" + c.email() + ") -> DUPLICATE idempotency key " + key
                        + ": ignored, already stored as " + f[1]);
                return f[1];
            }
        }
        String id = "crm-" + (lines().size() + 1);
        append(key + "\t" + id + "\t" + c.email() + "\t" + c.name() + "\t" + c.title() + "\t" + c.company());
        System.out.println("  LIVE  crm.save(" + c.email() + ") -> stored as " + id + " (idempotency key " + key + ")");
        if (crashAfter > 0 && ++saved == crashAfter) {
            System.out.println(
                    "  *** CRASH: the process dies right after storing " + c.email() + ", before save() returns ***");
            System.out.flush();
            Runtime.getRuntime().halt(137); // like kill -9: no shutdown hooks, nothing flushed
        }
        return id;
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(String line) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(
                    file,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
