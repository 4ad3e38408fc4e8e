package dev.lazarus.agent.internal.engine;

/** One linked outbound call site of a durable body, resolved once when the JVM links it. */
final class CallSiteInfo {
    /** {@code owner.name(descriptor)}, owner in internal form: what replay compares. */
    final String callee;
    /** {@code File.java:42}: what messages name. */
    final String location;
    /** {@code Owner.name} with dots, for traces. */
    final String displayName;

    CallSiteInfo(String callee, String location) {        this.callee = callee;
        this.location = location;
        int paren = callee.indexOf('(');
        String ownerAndName = paren < 0 ? callee : callee.substring(0, paren);
        int dot = ownerAndName.lastIndexOf('.');
        String owner = ownerAndName.substring(0, dot);
        this.displayName = owner.substring(owner.lastIndexOf('/') + 1) + ownerAndName.substring(dot);
    }
}
