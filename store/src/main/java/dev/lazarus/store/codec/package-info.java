/**
 * The value codec: how journaled values (arguments, results and exceptions of outbound calls) become bytes and
 * come back, possibly in a later JVM. Entry point: {@link dev.lazarus.store.codec.ValueCodec}.
 *
 * <h2>Decisions, for the record</h2>
 * <ul>
 *   <li><b>Kryo 5, configured as the contract asks</b> (docs/SPEC.md §7.7: references on, no registration,
 *       Objenesis fallback, the application's class loader per call), with Unsafe switched off in Kryo: on JDK 24+
 *       it prints a deprecation warning on the application's stderr, and later JDKs remove those methods. Kryo then
 *       uses reflection, and ReflectASM for public fields of public classes.</li>
 *   <li><b>Format.</b> One format-version byte, then one Kryo object graph. Throwables, paths and closures are
 *       registered under fixed ids ({@code StandIns}); everything else is written by class name. Never renumber the
 *       ids; bump the version byte for incompatible changes.</li>
 *   <li><b>Shape check instead of CompatibleFieldSerializer.</b> The first occurrence of each class (plain class or
 *       record) in a value carries a 4-byte fingerprint of its serialized fields; a changed class fails to decode with
 *       LAZ-202 naming it, rather than being read wrongly. Adding a field to a class therefore fails executions that
 *       recorded the old shape and are replayed by the new code: deploy code that keeps the old shape until they
 *       finish, or fail/cancel them.</li>
 *   <li><b>Enums by name</b>, so reordering constants is safe; a removed constant fails naming it.</li>
 *   <li><b>Exceptions</b> as class, message, frames, cause, suppressed and best-effort fields, rebuilt as the same
 *       class without a constructor, or as {@link dev.lazarus.store.codec.RecordedThrowable}.</li>
 *   <li><b>Deny-list</b> of live resources (threads, sockets, streams, JDBC connections, executors, loggers, class
 *       loaders, proxies, non-serializable lambdas...): LAZ-201 naming the class and field path.</li>
 *   <li><b>Bounded decoding</b>: every declared length is checked against the bytes left before anything is
 *       allocated (Kryo itself allocates what a corrupt length declares, kryo#1282), and trailing bytes after the
 *       value are corruption.</li>
 *   <li><b>JDK wrappers and views</b> ({@code List.of}, {@code Collections.unmodifiable*}/{@code synchronized*},
 *       {@code Arrays.asList}, {@code keySet()}, {@code subList()}) are written as snapshots of their content;
 *       hash-ordered sets and maps of one comparable element type are written sorted, so equal values have equal
 *       bytes (and digests) across JVMs.</li>
 * </ul>
 *
 * <h2>Known limits</h2>
 * <ul>
 *   <li>Equal values encode to equal bytes only if built from the same classes ({@code List.of} versus
 *       {@code ArrayList}) and if their iteration order is deterministic; hash sets of objects with identity hash
 *       codes are not.</li>
 *   <li>Exception fields share no references with the rest of the value (each is encoded on its own so that one
 *       bad field cannot fail the recording); nesting of exceptions inside exception fields is bounded.</li>
 *   <li>An element that refers back to the JDK wrapper collection containing it reads that reference as null.</li>
 *   <li>Fields of JDK exceptions in packages the agent did not open are not recorded (message, frames and cause
 *       still are).</li>
 *   <li>Only bytes written by this process or an earlier run of it may be decoded: with registration off, bytes
 *       choose which classes are instantiated.</li>
 * </ul>
 */
package dev.lazarus.store.codec;
