package dev.lazarus.it.apps.security;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;

/** A durable method given a {@link Canary}: its journal holds the canary's class name and fields. */
public class Victim {
    @Durable
    public String hold(@ExecutionKey String key, Canary canary) {
        Gate.reach("holding");
        return "held " + key + " " + canary.note;
    }
}
