package dev.lazarus.it.apps.security;

/**
 * {@code CanaryApp hold KEY}: calls {@link Victim#hold} with a {@link Canary} (the test blocks it at
 * {@code holding} and kills it, leaving the execution unfinished). {@code CanaryApp other}: starts and stops
 * without touching {@link Victim}, as an application that does not use that class (or a journal crafted to name
 * it) would. {@code CanaryApp resume MILLIS}: constructs a {@link Victim}, which makes automatic recovery resume the
 * execution with its journaled arguments, and waits that long before it exits. Prints {@code RESULT <result>}.
 */
public class CanaryApp {
    public static void main(String[] args) {
        switch (args[0]) {
            case "hold" -> System.out.println("RESULT " + new Victim().hold(args[1], new Canary("first")));
            case "other" -> System.out.println("RESULT other");
            case "resume" -> {
                new Victim(); // automatic recovery resumes the execution on an engine thread, with its arguments
                try {
                    Thread.sleep(Long.parseLong(args[1]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.println("RESULT resumed");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
