package io.millwright.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

    private static final String LIMITS =
            "Limit                     Soft Limit           Hard Limit           Units     \n"
                    + "Max cpu time              unlimited            unlimited            seconds   \n"
                    + "Max open files            20000                20000                files     \n"
                    + "Max locked memory         8388608              8388608              bytes     \n";

    @Test
    void readsTheSoftOpenFileLimit() {
        assertThat(Machine.parseOpenFileLimit(LIMITS)).hasValue(20_000);
    }

    @Test
    void anUnlimitedOrMissingLimitIsEmpty() {
        assertThat(Machine.parseOpenFileLimit(
                        "Max open files            unlimited            unlimited            files\n"))
                .isEmpty();
        assertThat(Machine.parseOpenFileLimit("")).isEmpty();
    }

    @Test
    void connectionsLeaveRoomForTheBrokersOwnFiles() {
        assertThat(new Machine(2, 20_000).maxConnections(50_000)).isEqualTo(19_000);
        assertThat(new Machine(2, 20_000).maxConnections(10_000)).isEqualTo(10_000);
        assertThat(new Machine(2, 1_024).maxConnections(50_000)).isZero();
        assertThat(new Machine(2, -1).maxConnections(50_000)).isEqualTo(50_000);
    }

    @Test
    void formatsTheThreeLoadAverages() {
        assertThat(Machine.formatLoadAverage("0.27 1.43 2.31 1/234 5678\n")).isEqualTo("0.27 / 1.43 / 2.31");
        assertThat(Machine.formatLoadAverage("")).isEqualTo("unknown");
    }
}
