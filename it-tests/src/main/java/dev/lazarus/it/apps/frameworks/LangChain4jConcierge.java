package dev.lazarus.it.apps.frameworks;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A LangChain4j agent written the way its README shows: an {@code AiServices} assistant over
 * {@code OpenAiChatModel} (pointed at the fake chat-completions server), with a {@code @Tool} that has an
 * effect — it books a table through the fake server's bookings endpoint, with {@code HttpURLConnection} — and a
 * chat memory, so each request carries the conversation so far: a replay must rebuild that memory. The
 * assistant is held in a field; the durable method asks it once per city, each question carrying the previous
 * answer (a conversation whose next request is built from what came back).
 *
 * <p>{@code LangChain4jConcierge BASE_URL KEY CITY...}: prints {@code RESULT <answers>}. Blocks (when asked) at
 * {@code tool:booked-CITY}, inside the tool call after the booking was made, or at {@code gate:turn-N}, between
 * turns.
 */
public final class LangChain4jConcierge {
    /** The assistant, implemented by LangChain4j. */
    public interface Concierge {
        /**
         * @param request what the user asks
         * @return the model's final answer
         */
        String chat(String request);
    }

    /** The tools the model may call. */
    public static final class BookingTools {
        private final String baseUrl;

        BookingTools(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /**
         * @param city where to book
         * @return the booking's confirmation, as the bookings service sent it
         * @throws IOException if the service cannot be reached
         */
        @Tool("Books a table for dinner tonight in a city; returns the confirmation")
        public String bookTable(@P("the city") String city) throws IOException {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create(baseUrl + "/v1/bookings").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(("{\"city\":\"" + city + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            String confirmation;
            try (InputStream in = connection.getInputStream()) {
                confirmation = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Gate.reach("tool:booked-" + city);
            return confirmation;
        }
    }

    private final Concierge concierge;
    private final Gate gate = new Gate();

    LangChain4jConcierge(String baseUrl) {
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("test")
                .modelName("gpt-4o-mini")
                .build();
        concierge = AiServices.builder(Concierge.class)
                .chatModel(model)
                .tools(new BookingTools(baseUrl))
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20))
                .build();
    }

    public static void main(String[] args) {
        LangChain4jConcierge app = new LangChain4jConcierge(args[0]);
        System.out.println("RESULT " + app.plan(args[1], List.of(args).subList(2, args.length)));
    }

    @Durable
    String plan(@ExecutionKey String key, List<String> cities) {
        List<String> answers = new ArrayList<>();
        String previous = "none";
        int turn = 0;
        for (String city : cities) {
            String answer = concierge.chat("Book dinner in " + city + ". Previous booking: " + previous);
            answers.add(answer);
            previous = answer;
            gate.pass("turn-" + (++turn));
        }
        return String.join(" | ", answers);
    }
}
