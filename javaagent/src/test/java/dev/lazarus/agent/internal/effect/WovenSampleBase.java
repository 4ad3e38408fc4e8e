package dev.lazarus.agent.internal.effect;

/** The supertype the test catalog names: the weaver must find it through the class file of the subclass. */
public abstract class WovenSampleBase {
    /** How many times {@link WovenSample#fire} ran as written. */
    public int fired;
}
