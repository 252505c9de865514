package io.millwright.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.millwright.core.Validation;
import io.millwright.core.device.CreatedDevice;
import io.millwright.core.device.Device;
import io.millwright.core.device.NewDevice;
import io.millwright.core.device.TopicGrant;
import io.millwright.core.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Request and response bodies of the device routes. Unknown request fields are rejected. */
final class DeviceJson {

    private DeviceJson() {}

    /** One MQTT grant on the wire: {@code action} is {@code publish} or {@code subscribe}. */
    record GrantJson(String action, String filter) {

        static GrantJson of(TopicGrant grant) {
            return new GrantJson(grant.action().wireName(), grant.filter());
        }

        /** Validates into a domain grant; {@code field} names this grant in errors (e.g. {@code grants[2]}). */
        TopicGrant toGrant(String field) {
            Validation.required(field + ".action", action);
            Validation.required(field + ".filter", filter);
            TopicGrant.Action parsed = switch (action) {
                case "publish" -> TopicGrant.Action.PUBLISH;
                case "subscribe" -> TopicGrant.Action.SUBSCRIBE;
                default ->
                    throw new InvalidInputException(
                            field + ".action",
                            field + ".action must be 'publish' or 'subscribe' (was '" + action + "')");
            };
            return new TopicGrant(parsed, filter);
        }

        static List<TopicGrant> toGrants(List<GrantJson> grants) {
            if (grants == null) {
                return null;
            }
            List<TopicGrant> result = new ArrayList<>(grants.size());
            for (int i = 0; i < grants.size(); i++) {
                GrantJson grant = grants.get(i);
                String field = "grants[" + i + "]";
                if (grant == null) {
                    throw new InvalidInputException(field, field + " must be an object, not null");
                }
                result.add(grant.toGrant(field));
            }
            return result;
        }
    }

    record CreateDeviceRequest(String name, String type, Map<String, String> labels, List<GrantJson> grants) {
        NewDevice toNewDevice() {
            return new NewDevice(name, type, labels, GrantJson.toGrants(grants));
        }
    }

    /**
     * A device as the API shows it. {@code token} is present only in the answers to create and rotate, the one time
     * the secret exists outside the device.
     */
    record DeviceView(
            String id,
            String name,
            String type,
            Map<String, String> labels,
            List<GrantJson> grants,
            @JsonInclude(JsonInclude.Include.NON_NULL) String token,
            Instant createdAt,
            Instant updatedAt) {

        static DeviceView of(Device d) {
            return of(d, null);
        }

        static DeviceView of(CreatedDevice created) {
            return of(created.device(), created.token());
        }

        private static DeviceView of(Device d, String token) {
            return new DeviceView(
                    d.id(),
                    d.name(),
                    d.type(),
                    new TreeMap<>(d.labels()),
                    d.grants().stream().map(GrantJson::of).toList(),
                    token,
                    d.createdAt(),
                    d.updatedAt());
        }
    }
}
