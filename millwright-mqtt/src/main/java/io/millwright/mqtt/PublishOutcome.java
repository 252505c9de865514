package io.millwright.mqtt;

/**
 * What a {@link PublishInterceptor} made of a PUBLISH.
 *
 * @param reasonCode the PUBACK/PUBREC reason code for MQTT 5 (section 3.4.2.1): 0x00 success, 0x10 no matching
 *     subscribers, or a failure code &ge; 0x80 such as 0x80 unspecified error, 0x83 implementation specific error, 0x87
 *     not authorized, 0x97 quota exceeded, 0x99 payload format invalid
 * @param reasonString a human-readable explanation sent to MQTT 5 clients, or {@code null}
 * @param route whether the broker also routes the message to subscribers (and retains it when flagged). A failure
 *     code never routes
 */
public record PublishOutcome(int reasonCode, String reasonString, boolean route) {

    public PublishOutcome {
        if (reasonCode != 0x00 && reasonCode != 0x10 && reasonCode < 0x80 || reasonCode > 0xFF) {
            throw new IllegalArgumentException("not a PUBACK reason code: " + reasonCode);
        }
        route = route && reasonCode < 0x80;
    }

    /** Handled (stored durably); not for subscribers. */
    public static PublishOutcome accepted() {
        return new PublishOutcome(0x00, null, false);
    }

    /** Handled, and also delivered to subscribers. */
    public static PublishOutcome acceptedAndRouted() {
        return new PublishOutcome(0x00, null, true);
    }

    /** Refused with a failure code &ge; 0x80. */
    public static PublishOutcome failed(int reasonCode, String reasonString) {
        if (reasonCode < 0x80) {
            throw new IllegalArgumentException("not a failure code: " + reasonCode);
        }
        return new PublishOutcome(reasonCode, reasonString, false);
    }

    public boolean isFailure() {
        return reasonCode >= 0x80;
    }
}
