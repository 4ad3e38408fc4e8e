package dev.lazarus.examples.enrichment;

import java.util.List;

/**
 * Runs the enrichment agent on a batch of ten contacts and prints its summary.
 *
 * <pre>
 * rm -rf target/enrich-journal target/enrichment-crm.txt
 * API_JAR=$(ls api/target/lazarus-api-*.jar | head -n 1)
 * CP=examples/target/classes:$API_JAR
 * AGENT=-javaagent:javaagent/target/lazarus-agent.jar=journal=target/enrich-journal
 *
 * # run 1: dies right after the CRM stored the 4th contact, before save() returned
 * java $AGENT -Denrichment.crashAfterSaves=4 -cp $CP dev.lazarus.examples.enrichment.EnrichmentApp batch-1
 * # run 2: lookups answered from the journal, the in-flight save runs again with the same
 * #        idempotency key (the CRM drops it), the rest is stored
 * java $AGENT -cp $CP dev.lazarus.examples.enrichment.EnrichmentApp batch-1
 * # run 3: the batch is finished: its recorded summary, nothing runs
 * java $AGENT -cp $CP dev.lazarus.examples.enrichment.EnrichmentApp batch-1
 * </pre>
 */
public final class EnrichmentApp {
    private EnrichmentApp() {}

    static final List<String> CONTACTS = List.of(
            "ada.lovelace@example.com",
            "alan.turing@example.com",
            "grace.hopper@example.com",
            "edsger.dijkstra@example.com",
            "barbara.liskov@example.com",
            "donald.knuth@example.com",
            "margaret.hamilton@example.com",
            "john.mccarthy@example.com",
            "frances.allen@example.com",
            "ken.thompson@example.com");

    /** @param args the batch id (default {@code batch-1}) */
    public static void main(String[] args) {
        String batch = args.length > 0 ? args[0] : "batch-1";
        EnrichmentAgent agent = new EnrichmentAgent();
        try {
            System.out.println("SUMMARY: " + agent.enrich(batch, CONTACTS));
        } catch (RateLimitedException e) {
            System.out.println("FAILED: " + e.getMessage() + " (without the Lazarus agent @Retry is inert:"
                    + " run with -javaagent:lazarus-agent.jar)");
        }
        System.out.println("live API lookups in this process: " + agent.liveLookups());
    }
}
