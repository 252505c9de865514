-- The principal an MQTT session belongs to (only it may resume or take over the session), and the inbound QoS 2
-- packet identifiers awaiting PUBREL. All nullable: sessions stored before this migration have no recorded owner and
-- are claimed by the next principal that connects with their client id.
ALTER TABLE mqtt_sessions ADD COLUMN owner_kind TEXT;
ALTER TABLE mqtt_sessions ADD COLUMN owner_name TEXT;
ALTER TABLE mqtt_sessions ADD COLUMN awaiting_release TEXT;
