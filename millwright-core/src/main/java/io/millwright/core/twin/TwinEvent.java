package io.millwright.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.event.DeviceRef;
import java.time.Instant;

/**
 * A committed change of one side of a twin. {@link #patch} is the effective change as a merge patch (RFC 7396): only
 * keys that changed, {@code null} for removed keys. The MQTT side forwards a {@link DesiredChanged} to the device as
 * {@code {"version": n, "desired": patch}} on {@code devices/{name}/twin/desired}.
 */
public sealed interface TwinEvent permits TwinEvent.DesiredChanged, TwinEvent.ReportedChanged {

    DeviceRef device();

    /** The new version of the changed side. */
    long version();

    /** A copy of the effective merge patch. */
    ObjectNode patch();

    Instant at();

    /** People, applications or rules changed what the device should be. */
    record DesiredChanged(DeviceRef device, long version, ObjectNode patch, Instant at) implements TwinEvent {
        public DesiredChanged {
            patch = patch.deepCopy();
        }

        @Override
        public ObjectNode patch() {
            return patch.deepCopy();
        }
    }

    /** The device reported a change of its state. */
    record ReportedChanged(DeviceRef device, long version, ObjectNode patch, Instant at) implements TwinEvent {
        public ReportedChanged {
            patch = patch.deepCopy();
        }

        @Override
        public ObjectNode patch() {
            return patch.deepCopy();
        }
    }
}
