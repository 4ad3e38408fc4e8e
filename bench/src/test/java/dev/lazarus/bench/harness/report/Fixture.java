package dev.lazarus.bench.harness.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed typed results of a complete run, every value present, some targets met and some missed: what the
 * report tests render.
 */
final class Fixture {
    private Fixture() {}

    static BenchResults results() {
        FigureStatus ok = FigureStatus.MEASURED;
        RunInfo run = new RunInfo("quick", "120", "Mon, 1 Jan 2029 10:00:00 GMT", "peers measured", "15.18");
        MachineInfo machine = new MachineInfo(
                "2 (test CPU)",
                "8 GiB",
                "/dev/test ext4",
                "block device test",
                "rw,relatime",
                "none",
                "Linux test",
                "JDK 17 test",
                "JDK 25 test",
                "10:00:00 up 1 min, 0 user, load average: 0.50, 0.40, 0.30",
                "10:02:00 up 3 min, 0 user, load average: 3.00, 1.00, 0.50",
                "/tmp/bench-run");
        DiskFloorResults floor = new DiskFloorResults(
                ok,
                new DiskFloorResults.Sample(160.0, 230.0, 350.0, 170.0, 1.2, 50_000.0),
                new DiskFloorResults.Sample(0.9, 1.2, 1.7, 1.6, 0.6, 230_000.0));
        CallCostResults callCost = new CallCostResults(
                ok,
                "3",
                new CallCostResults.Mode(99_999.0, 0.03, 0.04, 0.15, 0.33, 0.04, 0.06, null, null, null),
                new CallCostResults.Mode(
                        2999.0, 195.0, 240.0, 370.0, 710.0, 196.0, 197.0, 184.0, 187.0, "195, 201, 179"),
                new CallCostResults.Mode(99_999.0, 9.5, 12.0, 30.0, 60.0, 10.0, 10.2, 1.1, 187.0, "9.5, 9.6, 9.4"),
                new CallCostResults.Mode(99_999.0, 0.44, 1.2, 5.6, 28.0, 1.1, 1.2, 1.2, 187.0, "0.44, 0.45, 0.74"));
        List<ConcurrencyResults.Agent> agent = new ArrayList<>();
        List<ConcurrencyResults.Log> log = new ArrayList<>();
        for (int c : ResultsParser.EXECUTIONS) {
            agent.add(new ConcurrencyResults.Agent(
                    c,
                    5000.0 * Math.sqrt(c) * 3,
                    c * 0.9,
                    5000.0 / Math.sqrt(c),
                    80.0 / Math.sqrt(c),
                    16.0,
                    60.0 / Math.sqrt(c),
                    3.0,
                    410.0,
                    "1, 2, 3"));
            log.add(new ConcurrencyResults.Log(c, 6000.0 * c, c * 0.95, 170.0, 400.0, 160.0, 20.0, 5.0, 15.0, 1.5));
        }
        ConcurrencyResults concurrency = new ConcurrencyResults(
                ok,
                "3",
                agent,
                "170",
                log,
                new ConcurrencyResults.Log(1, 900_000.0, null, 1.05, 3.0, 1.0, 1.1, 0.8, 0.3, 0.01),
                new ConcurrencyResults.Log(1, 9_000_000.0, null, 0.08, 0.5, 1.0, 0.2, 0.15, 0.05, 0.001));
        ReplayResults replay = new ReplayResults(
                ok,
                200_000.0,
                List.of(
                        new ReplayResults.Run(1, "40.1", "3.20", 900.0, 95.0, 0.47, "0"),
                        new ReplayResults.Run(2, "40.1", "3.10", 880.0, 92.0, 0.46, "0")),
                0.46);
        RecoveryResults recovery = new RecoveryResults(
                ok,
                10_000.0,
                List.of(
                        new RecoveryResults.Jdk("17", "17.0.15", 10_000.0, 260.0, 2500.0, 2900.0, 2760.0, "0", 1800.0),
                        new RecoveryResults.Jdk("25", "25.0.3", 10_000.0, 270.0, 790.0, 1100.0, 1060.0, "0", 900.0)));
        List<NonDurableResults.Loop> loops = new ArrayList<>();
        for (String name : ResultsParser.NON_DURABLE_LOOPS) {
            loops.add(new NonDurableResults.Loop(
                    name,
                    List.of(
                            new NonDurableResults.Round(10.0, 0.1, 10.1, 0.1),
                            new NonDurableResults.Round(10.2, 0.1, 10.2, 0.2)),
                    10.1,
                    10.15));
        }
        NonDurableResults nonDurable = new NonDurableResults(ok, 2, loops);
        MapDbResults mapDb = new MapDbResults(
                ok,
                new MapDbResults.Commit(2200.0, 4000.0, 2300.0, 2310.0),
                new MapDbResults.Commit(2500.0, 4500.0, 2600.0, 40.0));
        PeerResults peers = new PeerResults(
                ok,
                new PeerResults.Dbos(null, "1.1.0-m6", 560.0, 900.0, 570.0, "64", "100", 2600.0),
                new PeerResults.Temporal(null, 900.0, 2000.0));
        List<HotPathResults.Share> shares = List.of(
                new HotPathResults.Share("40.0%", "dev.lazarus.X.run"),
                new HotPathResults.Share("10.0%", "ValueCodec.decode"));
        List<HotPathResults.Profile> profiles = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            profiles.add(new HotPathResults.Profile(
                    id, 50_000.0, 20.0, 400.0, 0.6, "1000", "1200", "300", shares, shares, shares, shares));
        }
        HotPathResults hotPath = new HotPathResults(ok, true, "6", 200_000.0, profiles);
        StartupResults startup = new StartupResults(
                ok,
                15,
                "/tmp/baseline-agent.jar",
                5,
                List.of(
                        new StartupResults.Start("none", 60.0, 65.0),
                        new StartupResults.Start("agent", 250.0, 420.0),
                        new StartupResults.Start("baseline", 260.0, 430.0)),
                List.of(
                        new StartupResults.Call("fsync", 195.0, 197.0),
                        new StartupResults.Call("process", 2.0, 2.1),
                        new StartupResults.Call("async", 0.5, 0.5)),
                new StartupResults.Call("replay", 0.46, 0.47));
        EffectResults effects = new EffectResults(
                ok,
                2000.0,
                List.of(
                        new EffectResults.Exchange("none", 120.0, 300.0, 140.0, null),
                        new EffectResults.Exchange("fsync.boundary", 310.0, 700.0, 330.0, 170.0),
                        new EffectResults.Exchange("fsync.body", 520.0, 900.0, 540.0, 175.0),
                        new EffectResults.Exchange("process.boundary", 135.0, 320.0, 150.0, 165.0),
                        new EffectResults.Exchange("process.body", 142.0, 330.0, 160.0, 168.0)),
                20.0,
                5.0,
                List.of(
                        new EffectResults.Replay("fsync", 40.0, 2.5, 1.9, "0"),
                        new EffectResults.Replay("process", 38.0, 1.5, 1.2, "0")),
                2000.0,
                List.of(
                        new EffectResults.Statement("none", 4.0, 12.0, 4.5, 160.0),
                        new EffectResults.Statement("fsync", 190.0, 400.0, 195.0, 165.0),
                        new EffectResults.Statement("process", 9.0, 20.0, 9.5, 162.0)),
                List.of(
                        new EffectResults.Digest("scalars", 40.0, 400.0),
                        new EffectResults.Digest("request", 900.0, 9000.0)),
                "10:00:30 up 1 min, 0 user, load average: 0.60, 0.40, 0.30",
                "10:01:30 up 2 min, 0 user, load average: 1.20, 0.50, 0.30");
        BranchResults branches = new BranchResults(
                ok,
                16.0,
                1000.0,
                "290, 300, 330",
                new BranchResults.Span(300.0, 700.0, 320.0, 2.1),
                new BranchResults.Span(2600.0, 3900.0, 2700.0, 16.0),
                new BranchResults.Span(60.0, 200.0, 70.0, null),
                new BranchResults.Span(50.0, 180.0, 60.0, null),
                new BranchResults.Span(250.0, 520.0, 260.0, null),
                new BranchResults.Span(40.0, 150.0, 45.0, null),
                160.0,
                350.0,
                1000.0,
                "9.5",
                new BranchResults.Span(90.0, 300.0, 100.0, 0.0),
                new BranchResults.Span(12.0, 40.0, 14.0, 0.0),
                new BranchResults.Span(70.0, 250.0, 80.0, null),
                "0",
                "10:01:40 up 2 min, 0 user, load average: 1.10, 0.50, 0.30",
                "10:02:40 up 3 min, 0 user, load average: 1.40, 0.60, 0.30");
        return new BenchResults(
                run,
                machine,
                floor,
                callCost,
                concurrency,
                replay,
                recovery,
                nonDurable,
                mapDb,
                peers,
                hotPath,
                startup,
                effects,
                branches,
                history(),
                inboxBacklog());
    }

    /**
     * Figure 13 with a history of a million: start-up met (1.35× the empty journal), heap met (50 bytes each), disk
     * bounded (a sawtooth), and the p99 during compaction missed (1.67× without).
     */
    static HistoryResults history() {
        double mib = 1048576.0;
        List<HistoryResults.Size> sizes = List.of(
                new HistoryResults.Size(
                        0,
                        null,
                        null,
                        null,
                        4.0,
                        new HistoryResults.Start(280.0, 330.0, 3 * mib, 110_000.0),
                        new HistoryResults.Start(270.0, 310.0, 3 * mib, 111_000.0),
                        "330, 300, 310, 320",
                        null,
                        null),
                new HistoryResults.Size(
                        100_000,
                        208.0,
                        1.4,
                        2183.0,
                        4.0,
                        new HistoryResults.Start(1900.0, 1960.0, 118 * mib, 380_000.0),
                        new HistoryResults.Start(300.0, 350.0, 3 * mib + 5_000_000, 150_000.0),
                        "1960, 350, 345, 360",
                        "true",
                        null),
                new HistoryResults.Size(
                        1_000_000,
                        2083.0,
                        7.8,
                        2184.0,
                        4.0,
                        new HistoryResults.Start(9000.0, 9100.0, 1100 * mib, 1_200_000.0),
                        new HistoryResults.Start(360.0, 418.5, 3 * mib + 50_000_000, 170_000.0),
                        "9100, 418.5, 420, 410",
                        "true",
                        null));
        List<HistoryResults.Point> series = new ArrayList<>();
        for (int t = 0; t <= 90; t++) {
            // segments of 64 MB filled at 8 MB/s, then compacted to a tenth: a sawtooth under 200 MB
            series.add(new HistoryResults.Point(t, (Math.min(t, 12) * 8 + (t % 8) * 8 + 10) * mib));
        }
        return new HistoryResults(
                FigureStatus.MEASURED,
                10.0,
                4.0,
                sizes,
                null,
                new HistoryResults.Disk(null, "5s", 32.0, 90.0, 400_000.0, 44_000.0, series, 17.0, 3.0, "clean"),
                new HistoryResults.Latency(
                        null,
                        150_000.0,
                        60.0,
                        312.0,
                        20.0,
                        new HistoryResults.Run(
                                null, "7d", 120_000.0, 150.0, 180.0, 400.0, 2000.0, 0.0, 0.0, 312.0, 334.0),
                        new HistoryResults.Run(
                                null, "10m", 110_000.0, 160.0, 300.0, 900.0, 5000.0, 6.0, 9.0, 312.0, 140.0)),
                "10:02:40 up 3 min, 0 user, load average: 1.40, 0.60, 0.30",
                "10:07:40 up 8 min, 0 user, load average: 2.10, 1.60, 0.90");
    }

    /**
     * Figure 14 with backlogs of 0, 2,000, 20,000 and 100,000 events: the 20,000 enter {@code main} 1,800 ms after
     * the empty inbox (spread 200 ms: bound 1,200 ms, missed), the 2,000 are taken whole at start-up and still 1,100
     * ms later; every inbox emptied, nothing set aside.
     */
    static InboxBacklogResults inboxBacklog() {
        return new InboxBacklogResults(
                FigureStatus.MEASURED,
                3.0,
                List.of(
                        new InboxBacklogResults.Backlog(
                                0,
                                0.0,
                                3.0,
                                900.0,
                                "900.0, 1100.0, 900.5",
                                900.5,
                                "900.5, 1100.5, 901.0",
                                0.0,
                                0.0,
                                0.0,
                                null,
                                null),
                        new InboxBacklogResults.Backlog(
                                2_000,
                                0.14,
                                3.0,
                                2000.0,
                                "2000.0, 2100.0, 1900.0",
                                2005.0,
                                "2005.0, 2105.0, 1905.0",
                                0.0,
                                0.0,
                                0.0,
                                "true",
                                null),
                        new InboxBacklogResults.Backlog(
                                20_000,
                                1.49,
                                3.0,
                                2700.0,
                                "2700.0, 2800.0, 2600.0",
                                9000.0,
                                "9000.0, 9400.0, 8800.0",
                                0.0,
                                0.0,
                                3.0,
                                "true",
                                null),
                        new InboxBacklogResults.Backlog(
                                100_000,
                                7.51,
                                3.0,
                                2100.0,
                                "2100.0, 2600.0, 2000.0",
                                31_000.0,
                                "31000.0, 59000.0, 27000.0",
                                0.0,
                                0.0,
                                3.0,
                                "true",
                                null)),
                "10:07:40 up 8 min, 0 user, load average: 2.10, 1.60, 0.90",
                "10:11:40 up 12 min, 0 user, load average: 2.50, 1.90, 1.00");
    }

    static BenchResults withInboxBacklog(BenchResults r, InboxBacklogResults inboxBacklog) {
        return new BenchResults(
                r.run(),
                r.machine(),
                r.diskFloor(),
                r.callCost(),
                r.concurrency(),
                r.replay(),
                r.recovery(),
                r.nonDurable(),
                r.mapDb(),
                r.peers(),
                r.hotPath(),
                r.startup(),
                r.effects(),
                r.branches(),
                r.history(),
                inboxBacklog);
    }

    static BenchResults withHistory(BenchResults r, HistoryResults history) {
        return new BenchResults(
                r.run(),
                r.machine(),
                r.diskFloor(),
                r.callCost(),
                r.concurrency(),
                r.replay(),
                r.recovery(),
                r.nonDurable(),
                r.mapDb(),
                r.peers(),
                r.hotPath(),
                r.startup(),
                r.effects(),
                r.branches(),
                history,
                r.inboxBacklog());
    }

    static BenchResults withBranches(BenchResults r, BranchResults branches) {
        return new BenchResults(
                r.run(),
                r.machine(),
                r.diskFloor(),
                r.callCost(),
                r.concurrency(),
                r.replay(),
                r.recovery(),
                r.nonDurable(),
                r.mapDb(),
                r.peers(),
                r.hotPath(),
                r.startup(),
                r.effects(),
                branches,
                r.history(),
                r.inboxBacklog());
    }

    static BenchResults withRecovery(BenchResults r, List<RecoveryResults.Jdk> jdks) {
        return new BenchResults(
                r.run(),
                r.machine(),
                r.diskFloor(),
                r.callCost(),
                r.concurrency(),
                r.replay(),
                new RecoveryResults(r.recovery().status(), r.recovery().executions(), jdks),
                r.nonDurable(),
                r.mapDb(),
                r.peers(),
                r.hotPath(),
                r.startup(),
                r.effects(),
                r.branches(),
                r.history(),
                r.inboxBacklog());
    }
}
