package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.ValueCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The digest replay compares, per journaled call: the value digest ({@link ArgumentDigest}) against the one of earlier
 * versions ({@link LegacyArgumentDigest}, the codec's bytes and a CRC for anything but scalars), in one run, for
 * scalar arguments and for a typical chat request (a record with ten messages, options and three tool schemas).
 *
 * <p>In the engine's package to reach its package-private classes, so it runs with the engine's unshaded classes
 * on the class path: figure 11 of bench/REPORT.md does ({@code bench/run.sh --only=11}); by hand:
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -cp "$(cat bench/target/bench-classpath.txt):bench/target/classes:javaagent/target/classes" \
 *     dev.lazarus.bench.jmh.JmhRunner digest ArgumentDigestBench avgt 5 1000 10 1000
 * </pre>
 */
@State(Scope.Benchmark)
public class ArgumentDigestBench {
    /** Roles of a chat message. */
    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT,
        TOOL
    }

    /** A chat message. */
    public record Message(Role role, String content, Optional<String> name, Map<String, Object> metadata) {}

    /** A tool the model may call, with its JSON schema as maps. */
    public record Tool(String name, String description, Map<String, Object> parameters) {}

    /** A chat completion request. */
    public record ChatRequest(
            String model, List<Message> messages, Map<String, Object> options, List<Tool> tools, String user) {}

    private final ValueCodec codec = ValueCodec.create();
    private final ClassLoader loader = ArgumentDigestBench.class.getClassLoader();
    private Object[] scalars;
    private Object[] request;

    /** Builds the arguments once: a receiver followed by the call's arguments, as a call site passes them. */
    @Setup
    public void setup() {
        Object receiver = new Object();
        scalars = new Object[] {receiver, "what is the weather in Lisbon?", 42, Role.USER};
        List<Message> messages = new ArrayList<>();
        messages.add(
                new Message(Role.SYSTEM, "You are a helpful assistant. Answer briefly.", Optional.empty(), Map.of()));
        for (int turn = 0; turn < 9; turn++) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("turn", turn);
            meta.put("id", "msg-" + turn);
            Role role = turn % 2 == 0 ? Role.USER : Role.ASSISTANT;
            messages.add(new Message(
                    role,
                    "Message " + turn + ": " + "lorem ipsum dolor sit amet, consectetur adipiscing elit ".repeat(3),
                    Optional.of(role.name().toLowerCase()),
                    meta));
        }
        List<Tool> tools = new ArrayList<>();
        for (String name : List.of("search", "fetch", "calculate")) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("type", "string");
            query.put("description", "what to " + name);
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", Map.of("query", query));
            schema.put("required", List.of("query"));
            tools.add(new Tool(name, "Tool that can " + name + " things", schema));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("temperature", 0.2);
        options.put("max_tokens", 512);
        options.put("stop", List.of("\n\n"));
        request = new Object[] {receiver, new ChatRequest("model-1", messages, options, tools, "user-7")};
    }

    /** @return the value digest of scalar arguments */
    @Benchmark
    public int scalarsValueDigest() {
        return ArgumentDigest.of(scalars, 1);
    }

    /** @return the earlier versions' digest of the same scalar arguments */
    @Benchmark
    public int scalarsLegacyDigest() {
        return LegacyArgumentDigest.of(scalars, 1, codec, loader);
    }

    /** @return the value digest of a chat request */
    @Benchmark
    public int requestValueDigest() {
        return ArgumentDigest.of(request, 1);
    }

    /** @return the earlier versions' digest of the same chat request (codec bytes and a CRC) */
    @Benchmark
    public int requestLegacyDigest() {
        return LegacyArgumentDigest.of(request, 1, codec, loader);
    }
}
