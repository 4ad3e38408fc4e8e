package dev.lazarus.examples.publishing;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;
import java.util.Optional;

/**
 * A content-publishing agent with a human in the loop: an LLM drafts, a person approves (days later,
 * perhaps), the LLM revises on a rejection, and the approved text is published.
 *
 * <p>The wait is {@link Lazarus#awaitEvent}: with the agent attached its deadline is absolute and
 * journaled, and a process that dies while waiting (a deploy, a crash) resumes the wait after a
 * restart, without drafting again or asking the reviewer again. The approval comes from anywhere:
 * {@link Lazarus#sendEvent} in the application, or the command line
 * ({@code java -jar lazarus-agent.jar send-event --journal DIR approval doc-1 '{"approved":true,...}'}),
 * whether the application is running or not.
 */
public class PublishingAgent {
    /** How long a reviewer has to answer before the draft is dropped. */
    static final Duration REVIEW_TIME = Duration.ofDays(7);

    private final Services.Llm llm = new Services.Llm();
    private final Services.ReviewQueue reviews = new Services.ReviewQueue();
    private final Services.Cms cms = new Services.Cms();

    /**
     * @param docId the document; also the execution key and the key of its {@code approval} events
     * @param brief what to write about
     * @return the published URL, or {@code "expired: ..."} when nobody answered within 7 days
     */
    @Durable
    public String publish(@ExecutionKey String docId, String brief) {
        System.out.println("publishing " + docId + ": " + brief);
        String draft = llm.draft(brief);
        for (int round = 1; ; round++) {
            reviews.requestApproval(docId, round, draft);
            Optional<Approval> decision = Lazarus.awaitEvent("approval", docId, Approval.class, REVIEW_TIME);
            if (decision.isEmpty()) {
                reviews.expired(docId);
                return "expired: no answer within " + REVIEW_TIME.toDays() + " days";
            }
            Approval approval = decision.get();
            System.out.println("round " + round + ": " + (approval.approved() ? "approved" : "rejected") + " (\""
                    + approval.comment() + "\")");
            if (approval.approved()) {
                return cms.publish(docId, draft);
            }
            draft = llm.revise(draft, approval.comment());
        }
    }
}
