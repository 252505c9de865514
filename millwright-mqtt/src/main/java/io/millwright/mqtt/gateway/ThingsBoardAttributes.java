package io.millwright.mqtt.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinEvent;
import io.millwright.core.twin.TwinService;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ThingsBoard's device attribute API (thingsboard.io, "MQTT Device API"), mapped onto the twin. Client attributes are
 * the reported state, shared attributes the desired state:
 *
 * <ul>
 *   <li>the device publishes client attributes as a JSON object on {@code v1/devices/me/attributes}: a merge patch of
 *       reported, acknowledged once stored;
 *   <li>shared attribute updates are pushed on {@code v1/devices/me/attributes} as the changed keys only, {@code
 *       {"key": value, ...}}, with {@code "deleted": ["key", ...]} for removed keys;
 *   <li>a request on {@code v1/devices/me/attributes/request/{id}}, whose optional JSON payload may name {@code
 *       "clientKeys"} and {@code "sharedKeys"} as comma-separated lists, is answered on {@code
 *       v1/devices/me/attributes/response/{id}} with {@code {"client": {...}, "shared": {...}}}: all attributes when
 *       no list is given, else only the sections and keys asked for.
 * </ul>
 *
 * Topics are given here in the device's form; the broker mounts them on {@code devices/N/tb/...}.
 */
final class ThingsBoardAttributes {

    private static final Logger LOG = LoggerFactory.getLogger(ThingsBoardAttributes.class);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final TwinService twins;
    private final DeviceLanes lanes;
    private volatile MqttBroker broker;

    ThingsBoardAttributes(TwinService twins, DeviceLanes lanes) {
        this.twins = twins;
        this.lanes = lanes;
    }

    void attach(MqttBroker mqttBroker) {
        this.broker = mqttBroker;
    }

    /** {@code v1/devices/me/attributes/request/{id}}. */
    CompletionStage<PublishOutcome> request(DevicePublish p) {
        String requestJson = p.text();
        String requestId = p.topic().id();
        return Outcomes.settle(
                lanes.submit(p.device().deviceId(), () -> {
                    Keys keys = Keys.parse(requestJson);
                    Twin twin = twins.get(p.device(), p.device().deviceId());
                    ObjectNode response = JsonNodeFactory.instance.objectNode();
                    if (keys.all() || keys.client() != null) {
                        response.set("client", select(twin.reported().document(), keys.client()));
                    }
                    if (keys.all() || keys.shared() != null) {
                        response.set("shared", select(twin.desired().document(), keys.shared()));
                    }
                    publish(
                            p.device().tenantId(),
                            DeviceTopic.thingsBoardAttributesResponse(p.device().name(), requestId),
                            response);
                    return PublishOutcome.accepted();
                }),
                p);
    }

    /** A committed twin change: shared attribute updates go to the device. */
    void changed(TwinEvent event) {
        if (!(event instanceof TwinEvent.DesiredChanged desired)) {
            return;
        }
        ObjectNode update = JsonNodeFactory.instance.objectNode();
        ArrayNode deleted = JsonNodeFactory.instance.arrayNode();
        desired.patch().properties().forEach(member -> {
            if (member.getValue().isNull()) {
                deleted.add(member.getKey());
            } else {
                update.set(member.getKey(), member.getValue());
            }
        });
        if (!deleted.isEmpty()) {
            update.set("deleted", deleted);
        }
        publish(
                desired.device().tenantId(),
                DeviceTopic.thingsBoardAttributes(desired.device().deviceName()),
                update);
    }

    private void publish(String tenantId, String topic, ObjectNode message) {
        try {
            broker.publish(
                    tenantId,
                    topic,
                    JsonDocuments.print(message).getBytes(StandardCharsets.UTF_8),
                    1,
                    false,
                    TwinTopics.jsonProperties());
        } catch (RuntimeException e) {
            LOG.warn("Could not publish to {}", topic, e);
        }
    }

    private static ObjectNode select(ObjectNode document, Set<String> keys) {
        if (keys == null) {
            return document;
        }
        ObjectNode selected = JsonNodeFactory.instance.objectNode();
        keys.forEach(k -> {
            if (document.has(k)) {
                selected.set(k, document.get(k));
            }
        });
        return selected;
    }

    /** The keys a request asks for; {@code null} for a section not asked for. */
    private record Keys(Set<String> client, Set<String> shared) {

        boolean all() {
            return client == null && shared == null;
        }

        static Keys parse(String json) {
            if (json.isBlank()) {
                return new Keys(null, null);
            }
            ObjectNode request = JsonDocuments.parseObject("request", json, MAX_REQUEST_BYTES);
            return new Keys(list(request, "clientKeys"), list(request, "sharedKeys"));
        }

        private static Set<String> list(ObjectNode request, String field) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new InvalidInputException(field, field + " must be a comma-separated list of keys");
            }
            return Arrays.stream(value.textValue().split(","))
                    .map(String::trim)
                    .filter(k -> !k.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }
    }
}
