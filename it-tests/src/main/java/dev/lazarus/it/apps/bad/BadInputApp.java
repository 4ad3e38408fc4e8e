package dev.lazarus.it.apps.bad;

import dev.lazarus.Durable;
import dev.lazarus.LazarusException;
import dev.lazarus.it.apps.support.Ledger;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Values the journal cannot keep.
 *
 * <p>{@code BadInputApp argument}: calls a {@code @Durable} method whose parameter {@code source} is an
 * {@link InputStream} (an open {@link FileInputStream}). {@code BadInputApp result}: a journaled call, declared to return {@code Object} (only run time can
 * tell what it is), returns a {@link Thread}, which the journal cannot keep: the call is not failed after it
 * ran, its step is journaled as recomputed. The app prints {@code VALUE <value>}, or catches what is thrown
 * and prints {@code CAUGHT <class> code=<code>} and {@code MESSAGE <message with line breaks shown as \n>};
 * then {@code DONE}.
 */
public class BadInputApp {
    private final Ledger ledger;
    private final Workers workers;

    public BadInputApp(Ledger ledger) {
        this.ledger = ledger;
        this.workers = new Workers(ledger);
    }

    @Durable
    public int consume(String label, InputStream source) {
        ledger.append("consume-body-ran", label, "yes");
        return label.length();
    }

    @Durable
    public String spawn(String name) {
        Thread worker = (Thread) workers.spawnWorker(name); // CALLSITE-UNSERIALIZABLE-RESULT
        return worker.getName();
    }

    /** A service whose result is a thread (declared as {@code Object}): it cannot be journaled. */
    public static class Workers {
        private final Ledger ledger;

        public Workers(Ledger ledger) {
            this.ledger = ledger;
        }

        public Object spawnWorker(String name) {
            ledger.append("spawnWorker", name, "thread");
            return new Thread(() -> {}, name);
        }
    }

    public static void main(String[] args) throws IOException {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        BadInputApp app = new BadInputApp(Ledger.fromSystemProperty());
        try {
            if (args[0].equals("argument")) {
                Path input = Paths.get(System.getProperty("it.ledger") + ".input");
                Files.writeString(input, "some data");
                try (InputStream in = new FileInputStream(input.toFile())) {
                    System.out.println("VALUE " + app.consume("report", in));
                }
            } else {
                System.out.println("VALUE " + app.spawn("worker-1"));
            }
        } catch (RuntimeException e) {
            String code = e instanceof LazarusException ? ((LazarusException) e).code() : "-";
            System.out.println("CAUGHT " + e.getClass().getName() + " code=" + code);
            System.out.println("MESSAGE " + String.valueOf(e.getMessage()).replace("\n", "\\n"));
        }
        System.out.println("DONE");
    }
}
