package dev.lazarus.examples.publishing;

/**
 * Runs the publishing agent for one document and prints where it was published:
 * {@code PublishingApp [docId] [brief...]} (defaults: {@code doc-1}, "Durable execution for AI agents").
 *
 * <p>Started again after it died (same journal), it resumes the same execution: the draft and the
 * review request are answered from the journal, and it goes on waiting for the approval with what is
 * left of the 7 days. An approval sent while it was down is delivered when it starts.
 */
public final class PublishingApp {
    private PublishingApp() {}

    /** @param args the document id and the brief */
    public static void main(String[] args) {
        String docId = args.length > 0 ? args[0] : "doc-1";
        String brief = args.length > 1
                ? String.join(" ", java.util.Arrays.asList(args).subList(1, args.length))
                : "Durable execution for AI agents";
        String result = new PublishingAgent().publish(docId, brief);
        System.out.println("RESULT: " + result);
    }
}
