package dev.lazarus.examples.publishing;

/**
 * Stand-ins for what a content-publishing agent talks to: an LLM that drafts and revises, the review
 * queue where a person is asked for approval, and the CMS that publishes. Local and deterministic, no
 * network; each prints a {@code LIVE} line when it really runs, so a restart shows which calls were
 * answered from the journal instead.
 */
final class Services {
    private Services() {}

    static void announce(String what) {
        System.out.println("  LIVE  " + what);
        System.out.flush();
        try {
            Thread.sleep(Integer.getInteger("demo.latencyMs", 300));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A large language model. Every call costs tokens. */
    static final class Llm {
        String draft(String brief) {
            announce("llm.draft(\"" + brief + "\")");
            return "# " + brief + "\n\nWhy it matters, in three paragraphs.";
        }

        String revise(String draft, String feedback) {
            announce("llm.revise(draft, \"" + feedback + "\")");
            return draft + "\n\n(revised: " + feedback + ")";
        }
    }

    /** The review queue: asks a person to approve a draft (in real life an e-mail or a Slack message). */
    static final class ReviewQueue {
        void requestApproval(String docId, int round, String draft) {
            announce("reviews.requestApproval(\"" + docId + "\", round " + round + ", " + draft.length()
                    + " characters)");
            System.out.println("        waiting up to 7 days for the event (approval, " + docId + "); answer with");
            System.out.println("        java -jar " + agentOption(null) + " send-event --journal "
                    + agentOption("journal") + " approval " + docId + " '{\"approved\":true,\"comment\":\"ship it\"}'");
            System.out.flush();
        }

        void expired(String docId) {
            announce("reviews.expired(\"" + docId + "\")");
        }
    }

    /**
     * @param key an agent option, or {@code null} for the agent jar itself
     * @return its value on this JVM's command line ({@code -javaagent:JAR=key=value,...}), for the hint
     */
    static String agentOption(String key) {
        for (String arg :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:") && arg.contains("lazarus")) {
                String[] jarAndOptions = arg.substring("-javaagent:".length()).split("=", 2);
                if (key == null) {
                    return jarAndOptions[0];
                }
                for (String option : jarAndOptions.length > 1 ? jarAndOptions[1].split(",") : new String[0]) {
                    if (option.startsWith(key + "=")) {
                        return option.substring(key.length() + 1);
                    }
                }
            }
        }
        if (key == null) {
            return "lazarus-agent.jar";
        }
        return System.getProperty("lazarus." + key, "./lazarus-journal");
    }

    /** The content management system. Publishing twice would be a visible mistake. */
    static final class Cms {
        String publish(String docId, String text) {
            announce("cms.publish(\"" + docId + "\", " + text.length() + " characters)");
            return "https://blog.example.org/" + docId;
        }
    }
}
