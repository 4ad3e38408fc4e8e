package dev.lazarus.examples.enrichment;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-enrichment agent: looks up every contact of a batch against a rate-limited API, then stores
 * the enriched contacts in the CRM. Plain Java plus three annotations:
 * <ul>
 *   <li>{@code @Durable}: a crash anywhere resumes after a restart without paying for any lookup twice;</li>
 *   <li>{@code @ExecutionKey}: asking for a batch that already finished returns its recorded summary;</li>
 *   <li>{@code @Retry} on {@link ContactApi#lookup}: rate-limited lookups are retried with back-off.</li>
 * </ul>
 * The CRM call passes {@code Lazarus.stepKey()} as its idempotency key (see {@link CrmStore}).
 */
public class EnrichmentAgent {
    private final ContactApi api = new ContactApi();
    private final CrmStore crm = new CrmStore();

    /**
     * @param batchId the batch's id; the execution key
     * @param emails the contacts to enrich
     * @return a one-line summary
     */
    @Durable
    public String enrich(@ExecutionKey String batchId, List<String> emails) {
        System.out.println("enriching batch " + batchId + " (" + emails.size() + " contacts)");
        List<Contact> contacts = new ArrayList<>();
        for (String email : emails) {
            contacts.add(api.lookup(email));
        }
        List<String> ids = new ArrayList<>();
        for (Contact c : contacts) {
            ids.add(crm.save(c));
        }
        return batchId + ": " + contacts.size() + " contacts enriched, stored as " + ids.get(0) + ".."
                + ids.get(ids.size() - 1);
    }

    /** @return how many lookups really ran in this process (retries included) */
    int liveLookups() {
        return api.liveCalls();
    }
}
