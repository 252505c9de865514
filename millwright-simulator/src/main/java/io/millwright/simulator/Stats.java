package io.millwright.simulator;

import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide counters, updated from every device's threads. */
final class Stats {

    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder desired = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder connectedOnce = new LongAdder();
    final LongAdder refused = new LongAdder();

    /** A consistent-enough view for one progress line. */
    record Snapshot(
            long sent,
            long acknowledged,
            long failed,
            long commands,
            long desired,
            long disconnects,
            long connectedOnce,
            long refused) {}

    Snapshot snapshot() {
        return new Snapshot(
                sent.sum(),
                acknowledged.sum(),
                failed.sum(),
                commands.sum(),
                desired.sum(),
                disconnects.sum(),
                connectedOnce.sum(),
                refused.sum());
    }
}
