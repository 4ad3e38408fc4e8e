package dev.lazarus.agent.internal.effect;

import java.util.Set;

/**
 * A method the effect catalog weaves: a name and descriptor, in classes that extend or implement one of
 * {@code supertypes} (or are one of them), found by internal name.
 *
 * @param supertypes internal names of the classes or interfaces whose implementations are woven, e.g.
 *     {@code java/net/http/HttpClient}
 * @param name the method's name
 * @param descriptor the method's descriptor
 */
public record WovenMethod(Set<String> supertypes, String name, String descriptor) {}
