package dev.lazarus.store.log;

/**
 * How durable a record is when {@link JournalLog#append} returns. The modes trade the loss window of a
 * crash against latency; they never change the order or the integrity of what reaches the disk.
 */
public enum Durability {
    /**
     * The default: {@code append} returns only after the record's bytes were written and
     * {@code fsync} returned. The record survives power loss
     * and kernel crashes. Concurrent appenders share one sync (group commit).
     */
    FSYNC,
    /**
     * {@code append} returns once the record's bytes were handed to the operating system
     * ({@code write()} returned): the record survives the death of the process (kill -9) but not a
     * power loss or kernel crash until the background sync, which runs at most
     * {@link LogOptions#syncInterval()} after the write.
     */
    PROCESS,
    /**
     * {@code append} returns at once. The writer thread writes and syncs the pending records at most
     * about {@link LogOptions#syncInterval()} after the first of them was appended (sooner when much
     * is pending). Loss window: a crash of the process, the kernel or the machine loses the records of
     * up to one sync interval (plus the time of one write and sync); callers must tolerate running those
     * steps again (at-least-once).
     */
    ASYNC
}
