package dev.lazarus.bench.peers;

import dev.lazarus.bench.apps.Out;
import dev.lazarus.bench.apps.Probe;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * Figure 8, Temporal's lower bound: the Java SDK against the in-memory test server
 * ({@code TestWorkflowEnvironment}, in process, no persistence, no network), a workflow whose activities
 * make the same call as the Lazarus figures. A real Temporal cluster adds a network round trip and a
 * database write per event on top of this.
 *
 * <p>{@code TemporalPeer ACTIVITIES WARM_WORKFLOWS}
 */
public final class TemporalPeer {
    private TemporalPeer() {}

    static final Probe PROBE = new Probe();
    static final String QUEUE = "lazarus-bench";

    @ActivityInterface
    public interface Calls {
        String call(int i);
    }

    public static final class CallsImpl implements Calls {
        @Override
        public String call(int i) {
            return PROBE.call(i);
        }
    }

    @WorkflowInterface
    public interface Steps {
        @WorkflowMethod
        int run(int n);
    }

    public static final class StepsImpl implements Steps {
        private final Calls calls = Workflow.newActivityStub(
                Calls.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(60))
                        .build());

        @Override
        public int run(int n) {
            for (int i = 0; i < n; i++) {
                calls.call(i);
            }
            return n;
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            Worker worker = env.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(StepsImpl.class);
            worker.registerActivitiesImplementations(new CallsImpl());
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            for (int w = 0; w < warm; w++) {
                stub(client, "warm-" + w).run(Math.max(10, n / 5));
            }
            PROBE.stamp(n);
            long t0 = System.nanoTime();
            stub(client, "measured").run(n);
            long elapsed = System.nanoTime() - t0;
            long[] gaps = PROBE.gaps();
            Out.percentiles("activity", gaps, gaps.length);
            Out.result("total.per_activity_us", Out.fmt(elapsed / 1000.0 / n));
        } finally {
            env.close();
        }
        System.exit(0);
    }

    private static Steps stub(WorkflowClient client, String id) {
        return client.newWorkflowStub(
                Steps.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(id)
                        .build());
    }
}
