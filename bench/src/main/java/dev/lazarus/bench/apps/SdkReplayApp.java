package dev.lazarus.bench.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replay of a multi-turn conversation on the OpenAI Java SDK: a durable body holds an {@code OpenAIClient}
 * in a field and calls {@code client.chat().completions().create(params)} once per turn, feeding each answer
 * into the next request, as a chat agent does. A first process records {@code EXECUTIONS} such conversations
 * against a chat-completions server in the same JVM and halts before they end; a second process calls them
 * again, and each is replayed from the journal — every exchange answered from it, the SDK parsing each
 * answer as it parsed the network's — and its last step runs live. Prints the replay time per turn of the
 * first conversation (a cold JVM), the mean of the others (warming up) and the last one's, and how many
 * requests reached the server
 * during replay (must be 0).
 *
 * <p>{@code SdkReplayApp record TURNS EXECUTIONS PORT} (0 for any; prints {@code port}) and
 * {@code SdkReplayApp replay TURNS EXECUTIONS PORT}.
 */
public class SdkReplayApp {
    private static final String CONTENT = "The weather in Oslo is mild with light rain in the afternoon; ".repeat(8);

    private final OpenAIClient client;
    private final Control control;

    SdkReplayApp(String baseUrl, Control control) {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("bench")
                .maxRetries(0)
                .build();
        this.control = control;
    }

    @Durable
    public int converse(@ExecutionKey String key, int turns) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addSystemMessage("You answer questions about the weather.")
                .addUserMessage("What is the weather in Oslo?");
        int chars = 0;
        for (int i = 0; i < turns; i++) {
            ChatCompletion completion = client.chat().completions().create(params.build());
            String answer = completion.choices().get(0).message().content().orElse("");
            chars += answer.length();
            params.addMessage(completion.choices().get(0).message());
            params.addUserMessage("And after that (" + i + ")?");
        }
        control.end();
        return chars;
    }

    /** The last step of each conversation: in the recording process, waits for all, then halts it. */
    public static final class Control {
        private final CountDownLatch all;
        private final boolean halt;

        Control(int executions, boolean halt) {
            this.all = new CountDownLatch(executions);
            this.halt = halt;
        }

        public void end() {
            if (!halt) {
                return;
            }
            all.countDown();
            try {
                all.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Out.halt();
        }
    }

    public static void main(String[] args) throws Exception {
        boolean record = args[0].equals("record");
        int turns = Integer.parseInt(args[1]);
        int executions = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        AtomicInteger requests = new AtomicInteger();
        // without it the JDK's server waits for the client's delayed ACK (about 40 ms) before each answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newFixedThreadPool(executions, r -> {
            Thread t = new Thread(r, "chat-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = completion(n).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        SdkReplayApp app = new SdkReplayApp(baseUrl, new Control(executions, record));
        if (record) {
            Out.result("port", server.getAddress().getPort());
            Thread[] threads = new Thread[executions];
            for (int e = 0; e < executions; e++) {
                String key = "conversation-" + e;
                threads[e] = new Thread(() -> app.converse(key, turns), key);
                threads[e].start();
            }
            for (Thread t : threads) {
                t.join(); // the last one to end halts the process
            }
            throw new IllegalStateException("not halted");
        }
        long first = 0;
        long others = 0;
        long last = 0;
        for (int e = 0; e < executions; e++) {
            long t0 = System.nanoTime();
            app.converse("conversation-" + e, turns);
            long elapsed = System.nanoTime() - t0;
            if (e == 0) {
                first = elapsed;
            } else {
                others += elapsed;
            }
            last = elapsed;
        }
        Out.result("cold.per_turn_ms", Out.fmt(first / 1e6 / turns));
        if (executions > 1) {
            Out.result("warm.per_turn_ms", Out.fmt(others / 1e6 / turns / (executions - 1)));
            Out.result("last.per_turn_ms", Out.fmt(last / 1e6 / turns));
        }
        Out.result("live_requests", requests.get());
        server.stop(0);
        System.exit(0);
    }

    private static String completion(int n) {
        return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + CONTENT + "\",\"refusal\":null}}],"
                + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":80,\"total_tokens\":200}}";
    }
}
