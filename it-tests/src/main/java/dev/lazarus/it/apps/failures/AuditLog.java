package dev.lazarus.it.apps.failures;

import dev.lazarus.it.apps.support.Ledger;

/**
 * The outside call that version 2 of the versioned flow inserts (the flow's sources are compiled by
 * {@code CodeVersionsTest}): each real call is a ledger line {@code audit <key> -> <what>@<pid>}.
 */
public class AuditLog {
    private final Ledger ledger;

    public AuditLog(Ledger ledger) {
        this.ledger = ledger;
    }

    public void record(String key, String what) {
        ledger.append("audit", key, what + "@" + ProcessHandle.current().pid());
    }
}
