package dev.lazarus.examples.research;

/** Runs the research agent once for the topic given on the command line and prints the report. */
public final class ResearchApp {
    private ResearchApp() {}

    /** @param args the topic */
    public static void main(String[] args) {
        String topic = args.length > 0 ? String.join(" ", args) : "durable execution for AI agents";
        String report = new ResearchAgent().research(topic);
        System.out.println("REPORT: " + report);
        System.out.println("live service calls in this process: " + Services.liveCalls());
    }
}
