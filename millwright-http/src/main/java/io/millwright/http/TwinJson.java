package io.millwright.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinSide;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Response bodies of the twin routes. */
final class TwinJson {

    private TwinJson() {}

    /**
     * A twin as the API shows it.
     *
     * @param delta the desired members the device has not yet reported (see {@link Twin#delta()})
     * @param metadata per side, when each top-level key last changed
     * @param version per side; the desired version is also the twin's {@code ETag}
     */
    record TwinView(
            String deviceId,
            ObjectNode reported,
            ObjectNode desired,
            ObjectNode delta,
            Metadata metadata,
            Versions version) {

        static TwinView of(Twin twin) {
            return new TwinView(
                    twin.deviceId(),
                    twin.reported().document(),
                    twin.desired().document(),
                    twin.delta(),
                    new Metadata(keyTimes(twin.reported()), keyTimes(twin.desired())),
                    new Versions(twin.reported().version(), twin.desired().version()));
        }

        private static Map<String, KeyMetadata> keyTimes(TwinSide side) {
            Map<String, KeyMetadata> times = new TreeMap<>();
            side.keyUpdatedAt().forEach((key, at) -> times.put(key, new KeyMetadata(at)));
            return times;
        }
    }

    record Metadata(Map<String, KeyMetadata> reported, Map<String, KeyMetadata> desired) {}

    record KeyMetadata(Instant updatedAt) {}

    record Versions(long reported, long desired) {}
}
