package dev.lazarus.bench.harness.report;

/**
 * The machine the run measured, as the run described it: CPU cores (such as "2 (AMD EPYC)"), memory, the
 * journal directory's disk and block device, its mount options, virtualisation, kernel, the JDKs, the
 * {@code uptime} lines before and after the run, and the scratch directory (where the children's logs are).
 * Any of them may be null when the run could not tell.
 */
record MachineInfo(
        String cores,
        String memory,
        String disk,
        String diskDevice,
        String mountOptions,
        String virtualisation,
        String kernel,
        String jdk,
        String jdk25,
        String loadBefore,
        String loadAfter,
        String scratchDirectory) {

    /** @return the number of cores, or null */
    Double coreCount() {
        return Format.firstNumber(cores);
    }
}
