package dev.lazarus.examples.research;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A lead-research agent of the kind the durable-execution article describes: plan, search, scrape
 * each result, extract with an LLM, summarise. Plain Java: the only Lazarus-specific thing is
 * {@code @Durable}. With the agent attached, a crash anywhere in {@link #research} resumes after a
 * restart without paying for any LLM, search or scrape call twice.
 */
public class ResearchAgent {
    private final Services.Llm llm = new Services.Llm();
    private final Services.Search search = new Services.Search();
    private final Services.Scraper scraper = new Services.Scraper();

    /**
     * @param topic what to research; also the execution key, so asking again after it finished returns
     *              the recorded report at once
     * @return the report
     */
    @Durable
    public String research(@ExecutionKey String topic) {
        System.out.println("researching: " + topic);
        String plan = llm.complete("plan: " + topic);
        List<String> urls = search.query(topic);
        // each result is scraped and extracted in parallel: every element of a parallel stream runs as a branch
        // of the execution, named by its position, so a crash pays again only for the calls in flight
        List<String> facts = urls.parallelStream()
                .map(url -> scraper.fetch(url))
                .map(page -> llm.complete("extract: " + page))
                .collect(Collectors.toList());
        return llm.complete("summarize: " + plan + " | " + String.join("; ", facts));
    }
}
