package io.millwright.mqtt.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.TelemetryListener;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.mqtt.MqttBroker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every committed batch of telemetry on {@code devices/{name}/telemetry}, whatever its source (MQTT, the
 * ThingsBoard form, HTTP), as {@code {"ts": <epoch ms>, "values": {...}}} or an array of those when the batch spans
 * several timestamps. Subscribers (applications, other machines) thus see only stored points, with the time the platform
 * stored them under. Runs on the ingest's listener thread, after commit; published at QoS 1 (a subscriber's granted
 * QoS may lower it).
 */
final class TelemetryRepublisher implements TelemetryListener {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryRepublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED_NAMES = 100_000;

    private final MqttBroker broker;
    private final DeviceStore devices;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    TelemetryRepublisher(MqttBroker broker, DeviceStore devices) {
        this.broker = broker;
        this.devices = devices;
    }

    @Override
    public void onTelemetry(DeviceTelemetry committed) {
        String name = name(committed.tenantId(), committed.deviceId());
        if (name == null || committed.points().isEmpty()) {
            return;
        }
        try {
            byte[] payload = JSON.writeValueAsBytes(encode(committed));
            broker.publish(
                    committed.tenantId(), "devices/" + name + "/telemetry", payload, 1, false, MessageProperties.NONE);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Could not republish telemetry of {}", name, e);
        }
    }

    /** Forgets a device's name, e.g. after it was deleted. */
    void forget(String deviceId) {
        names.remove(deviceId);
    }

    private String name(String tenantId, String deviceId) {
        String cached = names.get(deviceId);
        if (cached != null) {
            return cached;
        }
        String name = devices.findById(tenantId, deviceId).map(Device::name).orElse(null);
        if (name != null) {
            if (names.size() >= MAX_CACHED_NAMES) {
                names.clear();
            }
            names.put(deviceId, name);
        }
        return name;
    }

    static JsonNode encode(DeviceTelemetry committed) {
        Map<Long, ObjectNode> valuesByTime = new LinkedHashMap<>();
        for (TelemetryPoint point : committed.points()) {
            valuesByTime
                    .computeIfAbsent(point.timeMillis(), ts -> JsonNodeFactory.instance.objectNode())
                    .set(point.key(), value(point.value()));
        }
        ArrayNode samples = JsonNodeFactory.instance.arrayNode();
        valuesByTime.forEach((ts, values) -> {
            ObjectNode sample = samples.addObject();
            sample.put("ts", ts);
            sample.set("values", values);
        });
        return samples.size() == 1 ? samples.get(0) : samples;
    }

    private static JsonNode value(TelemetryValue value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof TelemetryValue.LongValue l) {
            return f.numberNode(l.value());
        } else if (value instanceof TelemetryValue.DoubleValue d) {
            return f.numberNode(d.value());
        } else if (value instanceof TelemetryValue.BooleanValue b) {
            return f.booleanNode(b.value());
        } else if (value instanceof TelemetryValue.StringValue s) {
            return f.textNode(s.value());
        }
        try {
            return JSON.readTree(((TelemetryValue.JsonValue) value).json());
        } catch (JsonProcessingException e) {
            return f.textNode(((TelemetryValue.JsonValue) value).json());
        }
    }
}
