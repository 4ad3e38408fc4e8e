package dev.lazarus.bench.peers;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import dev.lazarus.bench.apps.Out;
import dev.lazarus.bench.apps.Probe;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure 8, DBOS Transact for Java on PostgreSQL: a workflow whose steps make the same call as the Lazarus
 * figures ({@link Probe#call}), each step checkpointed by DBOS in its system database. PostgreSQL runs with
 * its defaults ({@code fsync=on}, {@code synchronous_commit=on}): a step is durable when its commit returned,
 * the same durability as {@code durability=fsync}.
 *
 * <p>{@code DbosPeer JDBC_URL USER STEPS CONCURRENCY STEPS_PER_WORKFLOW WARM_MS MEASURE_MS}: one workflow of
 * STEPS steps with stamps (per-step latency), then CONCURRENCY workflows at once for MEASURE_MS (steps/s).
 */
public final class DbosPeer {
    private DbosPeer() {}

    /** The workflow, called through DBOS's proxy. */
    public interface Steps {
        int run(int n);
    }

    public static final class StepsImpl implements Steps {
        private final DBOS dbos;
        final Probe probe = new Probe();

        public StepsImpl(DBOS dbos) {
            this.dbos = dbos;
        }

        @Override
        @Workflow(name = "steps")
        public int run(int n) {
            for (int i = 0; i < n; i++) {
                int k = i;
                dbos.runStep(() -> probe.call(k), "call");
            }
            return n;
        }
    }

    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int steps = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int perWorkflow = Integer.parseInt(args[4]);
        long warmMs = Long.parseLong(args[5]);
        long measureMs = Long.parseLong(args[6]);
        DBOSConfig config = DBOSConfig.defaults("lazarus-bench")
                .withDatabaseUrl(url)
                .withDbUser(user)
                .withDbPassword(System.getenv().getOrDefault("PGPASSWORD", ""))
                .withAdminServer(false);
        try (DBOS dbos = new DBOS(config)) {
            StepsImpl impl = new StepsImpl(dbos);
            Steps wf = dbos.registerProxy(Steps.class, impl);
            dbos.launch();
            Out.result("version", DBOS.version());
            for (int w = 0; w < 3; w++) {
                wf.run(Math.max(10, steps / 5));
            }
            impl.probe.stamp(steps);
            long t0 = System.nanoTime();
            wf.run(steps);
            long elapsed = System.nanoTime() - t0;
            long[] gaps = impl.probe.gaps();
            Out.percentiles("step", gaps, gaps.length);
            Out.result("total.per_step_us", Out.fmt(elapsed / 1000.0 / steps));

            impl.probe.stamp(0);
            LongAdder workflows = new LongAdder();
            Thread[] ts = new Thread[concurrency];
            for (int t = 0; t < concurrency; t++) {
                ts[t] = new Thread(() -> {
                    while (!stop) {
                        wf.run(perWorkflow);
                        workflows.increment();
                    }
                });
                ts[t].setDaemon(true);
                ts[t].start();
            }
            Thread.sleep(warmMs);
            long c0 = impl.probe.calls();
            long w0 = workflows.sum();
            long a = System.nanoTime();
            Thread.sleep(measureMs);
            long c1 = impl.probe.calls();
            long w1 = workflows.sum();
            double secs = (System.nanoTime() - a) / 1e9;
            stop = true;
            for (Thread t : ts) {
                t.join(60_000);
            }
            Out.result("concurrent.workflows", concurrency);
            Out.result("concurrent.steps_per_workflow", perWorkflow);
            Out.result("concurrent.steps_per_s", Out.fmt((c1 - c0) / secs));
            Out.result("concurrent.workflows_per_s", Out.fmt((w1 - w0) / secs));
        }
        System.exit(0); // DBOS's own threads must not keep the benchmark alive
    }
}
