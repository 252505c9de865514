package io.millwright.mqtt.gateway;

import java.util.Objects;
import java.util.Optional;

/**
 * A device API topic the gateway recognises, in its internal form: a device named {@code N} publishes on {@code
 * devices/N/...}, and its ThingsBoard-style {@code v1/devices/me/...} topics arrive as {@code devices/N/tb/...} (the
 * broker's device mount). Only a device's own topics are recognised; anything else is routed as usual.
 *
 * @param id the command id or request id a topic carries, or {@code null}
 */
public record DeviceTopic(Kind kind, String id) {

    /** The kinds of device topics, each handled by one {@link DeviceTopicHandler}. */
    public enum Kind {
        /** {@code devices/N/twin/reported}: a merge patch of the reported state. */
        TWIN_REPORTED,
        /** {@code devices/N/twin/get}: a request for the whole twin. */
        TWIN_GET,
        /** {@code devices/N/commands/{id}/result}: a command's result. */
        COMMAND_RESULT,
        /** {@code devices/N/telemetry}. */
        TELEMETRY,
        /** {@code v1/devices/me/telemetry}, internally {@code devices/N/tb/telemetry}. */
        THINGSBOARD_TELEMETRY,
        /** {@code v1/devices/me/attributes}: client attributes, i.e. reported state. */
        THINGSBOARD_ATTRIBUTES,
        /** {@code v1/devices/me/attributes/request/{id}}. */
        THINGSBOARD_ATTRIBUTES_REQUEST,
        /** {@code v1/devices/me/rpc/response/{id}}: the result of RPC (command) {@code id}. */
        THINGSBOARD_RPC_RESPONSE
    }

    public DeviceTopic {
        Objects.requireNonNull(kind, "kind");
    }

    /** The device topic {@code topic} is for a device named {@code deviceName}, if it is one. */
    public static Optional<DeviceTopic> parse(String deviceName, String topic) {
        String prefix = base(deviceName) + "/";
        if (!topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] p = topic.substring(prefix.length()).split("/", -1);
        DeviceTopic parsed = null;
        if (p.length == 1 && p[0].equals("telemetry")) {
            parsed = new DeviceTopic(Kind.TELEMETRY, null);
        } else if (p.length == 2 && p[0].equals("twin")) {
            parsed = p[1].equals("reported")
                    ? new DeviceTopic(Kind.TWIN_REPORTED, null)
                    : p[1].equals("get") ? new DeviceTopic(Kind.TWIN_GET, null) : null;
        } else if (p.length == 3 && p[0].equals("commands") && p[2].equals("result") && !p[1].isEmpty()) {
            parsed = new DeviceTopic(Kind.COMMAND_RESULT, p[1]);
        } else if (p.length >= 2 && p[0].equals("tb")) {
            parsed = thingsBoard(p);
        }
        return Optional.ofNullable(parsed);
    }

    private static DeviceTopic thingsBoard(String[] p) {
        if (p.length == 2) {
            return p[1].equals("telemetry")
                    ? new DeviceTopic(Kind.THINGSBOARD_TELEMETRY, null)
                    : p[1].equals("attributes") ? new DeviceTopic(Kind.THINGSBOARD_ATTRIBUTES, null) : null;
        }
        if (p.length == 4 && p[1].equals("attributes") && p[2].equals("request") && !p[3].isEmpty()) {
            return new DeviceTopic(Kind.THINGSBOARD_ATTRIBUTES_REQUEST, p[3]);
        }
        if (p.length == 4 && p[1].equals("rpc") && p[2].equals("response") && !p[3].isEmpty()) {
            return new DeviceTopic(Kind.THINGSBOARD_RPC_RESPONSE, p[3]);
        }
        return null;
    }

    /** {@code devices/N}: the device's own subtree. */
    public static String base(String deviceName) {
        return "devices/" + deviceName;
    }

    /** {@code devices/N/twin/desired}: desired changes and catch-up deltas go out here. */
    public static String twinDesired(String deviceName) {
        return base(deviceName) + "/twin/desired";
    }

    /** {@code devices/N/twin}: the answer to {@code twin/get} without a response topic. */
    public static String twin(String deviceName) {
        return base(deviceName) + "/twin";
    }

    /** {@code devices/N/commands/{id}}: a command to the device. */
    public static String command(String deviceName, String commandId) {
        return base(deviceName) + "/commands/" + commandId;
    }

    /** {@code devices/N/tb/rpc/request/{id}}, seen by the device as {@code v1/devices/me/rpc/request/{id}}. */
    public static String thingsBoardRpcRequest(String deviceName, String commandId) {
        return base(deviceName) + "/tb/rpc/request/" + commandId;
    }

    /** {@code devices/N/tb/attributes}, seen by the device as {@code v1/devices/me/attributes}. */
    public static String thingsBoardAttributes(String deviceName) {
        return base(deviceName) + "/tb/attributes";
    }

    /** {@code devices/N/tb/attributes/response/{id}}. */
    public static String thingsBoardAttributesResponse(String deviceName, String requestId) {
        return base(deviceName) + "/tb/attributes/response/" + requestId;
    }
}
