package dev.lazarus.it.apps.waits;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;

/**
 * A wait while the wall clock steps: {@code ClockStepApp KIND KEY MILLIS} runs a durable method that waits
 * {@code MILLIS} ({@code await}: {@code Lazarus.awaitEvent} that nobody answers; {@code sleep}: {@code Lazarus.sleep}).
 * It prints {@code WAITING} as the wait begins (the test then steps the clock), and at the end {@code RESULT <outcome>},
 * {@code ELAPSED <ms>} by the monotonic clock and {@code WALL <ms>} by the wall clock, from before the call to after
 * it: the wall figure shows the step happened, the monotonic one how long the wait really took.
 */
public final class ClockStepApp {
    private ClockStepApp() {}

    @Durable
    public static String pause(@ExecutionKey String key, String kind, long millis) {
        System.out.println("WAITING");
        System.out.flush();
        if (kind.equals("await")) {
            return Lazarus.awaitEvent("never", key, String.class, Duration.ofMillis(millis))
                    .orElse("timeout");
        }
        Lazarus.sleep(Duration.ofMillis(millis));
        return "slept";
    }

    public static void main(String[] args) {
        long wall = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String outcome = pause(args[1], args[0], Long.parseLong(args[2]));
        System.out.println("RESULT " + outcome);
        System.out.println("ELAPSED " + (System.nanoTime() - t0) / 1_000_000);
        System.out.println("WALL " + (System.currentTimeMillis() - wall));
    }
}
