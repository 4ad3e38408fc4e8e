package dev.lazarus.bench.harness.report;

/** Everything one run of the benchmarks measured, figure by figure: what bench/REPORT.md is written from. */
record BenchResults(
        RunInfo run,
        MachineInfo machine,
        DiskFloorResults diskFloor,
        CallCostResults callCost,
        ConcurrencyResults concurrency,
        ReplayResults replay,
        RecoveryResults recovery,
        NonDurableResults nonDurable,
        MapDbResults mapDb,
        PeerResults peers,
        HotPathResults hotPath,
        StartupResults startup,
        EffectResults effects,
        BranchResults branches,
        HistoryResults history,
        InboxBacklogResults inboxBacklog) {}
