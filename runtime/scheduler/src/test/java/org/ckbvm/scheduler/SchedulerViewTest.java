package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ckbvm.machine.Engine;
import org.ckbvm.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

/** What a report reads of a scheduler: {@link Scheduler#snapshotOf} and {@link Scheduler#vmsCreated}. */
class SchedulerViewTest {

    private static SpawnRun simple() {
        return SpawnRun.all().stream().filter(r -> r.program().equals("spawn_simple")).findFirst().orElseThrow();
    }

    @Test
    void aStopShowsEveryLiveVmAndHowManyWereCreated() {
        Scheduler s = Scheduler.start(simple().environment(Engine.INTERP));
        assertTrue(s.run(200_000) instanceof ScriptResult.Suspended);
        assertEquals(3, s.vmsCreated());
        for (var e : s.vmRoots().entrySet()) {
            Snapshot snapshot = s.snapshotOf(e.getKey()).orElseThrow();
            assertArrayEquals(e.getValue(), snapshot.stateRoot(), "VM " + e.getKey());
        }
        assertTrue(s.snapshotOf(1).isEmpty(), "VM 1 has exited");
        assertTrue(s.snapshotOf(9).isEmpty(), "there is no VM 9");
    }

    @Test
    void afterTheEndTheRootHoldsTheTotal() {
        Scheduler s = Scheduler.start(simple().environment(Engine.INTERP));
        ScriptResult end = s.run(-1L);
        Snapshot root = s.snapshotOf(0).orElseThrow();
        assertEquals(end.cycles(), root.state().cycles());
        assertArrayEquals(s.vmRoots().get(0L), root.stateRoot());
        assertEquals(4, s.vmsCreated());
    }
}
