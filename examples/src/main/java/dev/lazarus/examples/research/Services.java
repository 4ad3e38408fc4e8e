package dev.lazarus.examples.research;

import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for the paid, slow, flaky services an AI agent calls: an LLM, a web search API and a
 * scraper. Local and deterministic, no network — but each prints a line when it really runs and
 * takes a moment, like the real thing, so the demo shows which calls ran live and which were answered
 * from the journal after the crash.
 */
final class Services {
    private Services() {}

    private static int liveCalls;

    static synchronized int liveCalls() {
        return liveCalls;
    }

    static void announce(String what) {
        synchronized (Services.class) {
            liveCalls++;
        }
        System.out.println("  LIVE  " + what);
        System.out.flush();
        try {
            Thread.sleep(Integer.getInteger("demo.latencyMs", 400));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A large language model: plans, extracts, summarises. Every call costs tokens. */
    static final class Llm {
        String complete(String prompt) {
            announce("llm.complete(\"" + abbreviate(prompt) + "\")");
            if (prompt.startsWith("plan:")) {
                return "search the web for '" + prompt.substring(5).trim() + "', read the top results, extract facts";
            }
            if (prompt.startsWith("extract:")) {
                String page = prompt.substring(8).trim();
                return "fact from " + page.substring(0, page.indexOf(' ') > 0 ? page.indexOf(' ') : page.length());
            }
            return "SUMMARY: " + prompt.substring(prompt.indexOf(':') + 1).trim();
        }
    }

    /** A web search API. */
    static final class Search {
        List<String> query(String q) {
            announce("search.query(\"" + q + "\")");
            List<String> urls = new ArrayList<>();
            String slug = q.toLowerCase().replaceAll("[^a-z0-9]+", "-");
            for (int i = 1; i <= 3; i++) {
                urls.add("https://example.org/" + slug + "/" + i);
            }
            return urls;
        }
    }

    /** A web scraper. */
    static final class Scraper {
        String fetch(String url) {
            announce("scraper.fetch(\"" + url + "\")");
            return url + " says: durable execution makes agents survive crashes";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 48 ? s.substring(0, 45) + "..." : s;
    }
}
