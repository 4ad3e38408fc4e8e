package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazarus.store.record.StepRecorded;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durable timers: the wake-up time is journaled; after a restart only the remainder is slept. */
class SleepStepTest extends EngineTestBase {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Reminder.java", 61);

    /** Sleeps an hour, then asks a service. */
    final class Reminder {
        final TestDurable remind = TestDurable.of(Reminder.class, "remind", 0);
        final World.Service service = world.new Service();
        boolean threadSleep;

        String remind(String who) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) remind.call(h.engine(), this, who);
            }
            if (threadSleep) {
                h.engine().threadSleep(HOUR.toMillis()); // Thread.sleep in a body, as rewritten
            } else {
                h.engine().sleep(HOUR);
            }
            return (String) FIND.call(h.engine(), service, who);
        }
    }

    @Test
    void aDurableSleepJournalsItsWakeUpTimeAndSleepsUntilIt() throws Throwable {
        Reminder reminder = new Reminder();
        long start = h.clock.currentTimeMillis();
        Running<String> call = h.start(() -> reminder.remind("ann"));

        long due = h.clock.awaitWaiting(call.thread());
        assertEquals(start + HOUR.toMillis(), due);
        StepRecorded timer = h.records(StepRecorded.class).get(0);
        assertEquals("Lazarus.sleep", timer.callee());
        assertEquals(0, world.calls("find", "ann"), "nothing after the sleep ran yet");

        h.clock.advance(HOUR);
        assertEquals("found ann #1", call.join());
    }

    @Test
    void threadSleepInABodyIsTheSameDurableTimer() throws Throwable {
        Reminder reminder = new Reminder();
        reminder.threadSleep = true;
        Running<String> call = h.start(() -> reminder.remind("ann"));
        long due = h.clock.awaitWaiting(call.thread());
        h.restart();
        h.clock.advance(Duration.ofMinutes(10));

        Running<String> resumed = h.start(() -> reminder.remind("ann"));
        assertEquals(due, h.clock.awaitWaiting(resumed.thread()));
        h.clock.advance(Duration.ofMinutes(50));
        assertEquals("found ann #1", resumed.join());
    }

    @Test
    void aSleepResumedAfterARestartSleepsOnlyWhatIsLeft() throws Throwable {
        Reminder reminder = new Reminder();
        Running<String> call = h.start(() -> reminder.remind("ann"));
        long due = h.clock.awaitWaiting(call.thread());
        h.restart();
        h.clock.advance(Duration.ofMinutes(45));

        Running<String> resumed = h.start(() -> reminder.remind("ann"));

        assertEquals(due, h.clock.awaitWaiting(resumed.thread()), "the journaled wake-up time, not a new hour");
        h.clock.advance(Duration.ofMinutes(15));
        assertEquals("found ann #1", resumed.join());
    }

    @Test
    void aSleepWhoseWakeUpTimePassedWhileTheProcessWasDownDoesNotSleepAtAll() throws Throwable {
        Reminder reminder = new Reminder();
        Running<String> call = h.start(() -> reminder.remind("ann"));
        h.clock.awaitWaiting(call.thread());
        h.restart();
        h.clock.advance(HOUR.multipliedBy(2));

        assertEquals("found ann #1", reminder.remind("ann"), "returns without the clock moving");
    }

    @Test
    void aWallClockStepDuringTheSleepDoesNotWakeItEarly() throws Throwable {
        Reminder reminder = new Reminder();
        Running<String> call = h.start(() -> reminder.remind("ann"));
        h.clock.awaitWaiting(call.thread());

        h.clock.stepWallClock(HOUR.multipliedBy(5)); // NTP or an operator sets the clock ahead
        h.clock.advance(Duration.ofMinutes(59));

        assertEquals(
                Duration.ofMinutes(1).toMillis(),
                h.clock.awaitWaiting(call.thread()) - h.clock.currentTimeMillis(),
                "still a minute to go");
        assertEquals(0, world.calls("find", "ann"));
        h.clock.advance(Duration.ofMinutes(1));
        assertEquals("found ann #1", call.join());
    }

    @Test
    void outsideAnExecutionASleepIsPlainAndNegativeTimesAreRefusedAsThreadSleepRefusesThem() throws Throwable {
        Running<Object> sleeper = h.start(() -> {
            h.engine().sleep(HOUR);
            return null;
        });
        h.clock.awaitWaiting(sleeper.thread());
        h.clock.advance(HOUR);
        sleeper.join();
        assertEquals(0, h.records(StepRecorded.class).size());
        assertThrows(IllegalArgumentException.class, () -> h.engine().threadSleep(-1));
    }
}
