package dev.lazarus.it.apps.compat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable body that uses the application's own versions of Kryo (4), ASM (9.2), Byte Buddy, Guava
 * and SLF4J (1.7 with slf4j-simple), which differ from the ones inside the agent. Run either on the
 * plain class path or under {@code IsolatedLauncher} (a child URLClassLoader).
 *
 * <p>{@code CompatApp ID}: prints {@code LIB <name> <jar>} for each library, {@code LOADER <class>},
 * then {@code RESULT <result>}.
 */
public class CompatApp {
    private static final Logger LOG = LoggerFactory.getLogger(CompatApp.class);

    private final QuoteService quotes;
    private final Gate gate = new Gate();
    private final Publisher publisher;
    /** {@code -Dit.verbose=true}: the body logs one more line (first run only: log calls are not journaled). */
    private final boolean verbose = Boolean.getBoolean("it.verbose");

    public CompatApp(Ledger ledger) {
        quotes = new QuoteService(ledger);
        publisher = new Publisher(ledger);
    }

    @Durable
    public String process(@ExecutionKey String id) {
        LOG.info("compat start {}", id);
        if (verbose) {
            LOG.info("compat verbose {}", id);
        }
        ImmutableList<String> symbols = ImmutableList.of("ACME", "INIT", "LAZ");
        List<Quote> got = new ArrayList<>();
        for (String s : symbols) {
            got.add(quotes.quote(s));
        }

        // the application's Kryo 4
        Kryo kryo = new Kryo();
        Output out = new Output(256, -1);
        kryo.writeObject(out, new ArrayList<>(symbols));
        ArrayList<?> back = kryo.readObject(new Input(out.toBytes()), ArrayList.class);

        // the application's ASM
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "gen/Generated", null, "java/lang/Object", null);
        cw.visitEnd();
        int asmBytes = cw.toByteArray().length;

        // the application's Byte Buddy
        String buddy = new ByteBuddy(ClassFileVersion.JAVA_V8)
                .subclass(Object.class)
                .name("gen.Buddy")
                .make()
                .getTypeDescription()
                .getName();

        // the application's Guava
        String sha = Hashing.sha256()
                .hashString(id, StandardCharsets.UTF_8)
                .toString()
                .substring(0, 16);

        gate.pass("compat-end");
        LOG.info("compat end {}", id);
        String result = "quotes=" + got + "|kryo=" + back + "|asm=" + asmBytes + "|buddy=" + buddy + "|sha=" + sha;
        publisher.publish(id, result);
        return result;
    }

    private static String jarOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "?" : cs.getLocation().getPath();
    }

    public static void main(String[] args) {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        System.out.println("LIB kryo " + jarOf(Kryo.class));
        System.out.println("LIB asm " + jarOf(ClassWriter.class));
        System.out.println("LIB bytebuddy " + jarOf(ByteBuddy.class));
        System.out.println("LIB guava " + jarOf(ImmutableList.class));
        System.out.println("LIB slf4j " + jarOf(LoggerFactory.class));
        System.out.println(
                "LOADER " + CompatApp.class.getClassLoader().getClass().getName());
        CompatApp app = new CompatApp(Ledger.fromSystemProperty());
        System.out.println("RESULT " + app.process(args[0]));
    }
}
