package dev.lazarus.it.apps.waits;

/**
 * The payload of the {@code approval} event: what a person decided about a document. Sent from the
 * command line as JSON, {@code {"approved":true,"comment":"ship it"}}, bound by component name.
 */
public record Approval(boolean approved, String comment) {}
