package dev.lazarus.agent.internal.effect;

/** A stand-in for a library client whose methods the weaver hooks: each says it ran as written. */
public class WovenSample extends WovenSampleBase {
    public String ask(String question) {
        return "live " + question;
    }

    public int count(long a, double b, int c) {
        return -1;
    }

    public void fire(int times) {
        fired += times;
    }

    public static boolean check(String s) {
        return false;
    }

    /** Not catalogued: never woven. */
    public String other(String s) {
        return "other " + s;
    }
}
