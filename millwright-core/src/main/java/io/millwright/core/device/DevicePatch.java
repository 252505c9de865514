package io.millwright.core.device;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A partial update. An absent field is left as it is; {@code type} present but empty clears the type. Labels and
 * grants, when present, replace the whole map or list.
 */
public record DevicePatch(
        Optional<Optional<String>> type, Optional<Map<String, String>> labels, Optional<List<TopicGrant>> grants) {}
