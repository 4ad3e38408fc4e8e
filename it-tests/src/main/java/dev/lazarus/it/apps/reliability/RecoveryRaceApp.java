package dev.lazarus.it.apps.reliability;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;

/**
 * Automatic recovery racing the application's own call of the same execution.
 *
 * <p>{@code RecoveryRaceApp KEY first|second}: the first process calls {@code run(KEY, new Payload("p1"))}; the
 * second calls {@code run(KEY, null)} at once after constructing the object, which schedules the automatic
 * recovery of the unfinished execution on an engine thread, prints {@code RESULT <result>}, waits for the engine
 * thread and exits. In the second process the engine thread is slow to get to the call: decoding the journaled
 * argument initialises {@link Payload}, whose static initialiser takes a second there (as a class that loads
 * lazily, or a busy machine, would make it), so the application's own call resumes and finishes the execution
 * first.
 */
public class RecoveryRaceApp {
    /** The outside world: a kill point, then one ledger line with the call's step key. */
    public static class RaceService {
        private final Ledger ledger;

        public RaceService(Ledger ledger) {
            this.ledger = ledger;
        }

        public String step(String key, int k) {
            Gate.reach("race:" + key + ":" + k);
            String value = "v" + k + "@" + ProcessHandle.current().pid();
            ledger.append("race", key + "/" + k, value + " sk=" + Lazarus.stepKey());
            return value;
        }
    }

    private final RaceService service;

    public RecoveryRaceApp(Ledger ledger) {
        this.service = new RaceService(ledger);
    }

    /** An argument class that is slow to initialise when {@code -Dit.race.slowInit=true}. */
    public static final class Payload {
        static {
            if (Boolean.getBoolean("it.race.slowInit")) {
                System.out.println("PAYLOAD-INIT on " + Thread.currentThread());
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private final String tag;

        public Payload(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    @Durable
    public String run(@ExecutionKey String key, Payload payload) {
        String a = service.step(key, 1);
        String b = service.step(key, 2);
        return a + "," + b;
    }

    public static void main(String[] args) throws Exception {
        String key = args[0];
        boolean first = args[1].equals("first");
        RecoveryRaceApp app = new RecoveryRaceApp(Ledger.fromSystemProperty());
        System.out.println("RESULT " + app.run(key, first ? new Payload("p1") : null));
        System.out.flush();
        Thread.sleep(3000); // the engine thread, if any, finishes meanwhile
        System.out.println("EXIT");
    }
}
