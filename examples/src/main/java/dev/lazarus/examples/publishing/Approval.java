package dev.lazarus.examples.publishing;

/**
 * A reviewer's decision on a draft: the payload of the {@code approval} event. From the command line it
 * is JSON bound by component name: {@code {"approved":true,"comment":"ship it"}}.
 *
 * @param approved whether the draft may be published
 * @param comment what the reviewer says (on a rejection: what to change)
 */
public record Approval(boolean approved, String comment) {}
