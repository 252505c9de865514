package io.millwright.device;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command received on {@code devices/{name}/commands/{id}}.
 *
 * @param id the command id; the SDK answers each id once even when the server delivers it again
 * @param method the method name the handler was registered for
 * @param params the parameters as Jackson maps JSON (Map, List, String, Number, Boolean) or {@code null}
 */
public record Command(String id, String method, Object params) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
    }

    /** The parameters when they are a JSON object, otherwise an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> paramsMap() {
        return params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** One parameter of an object {@link #params()}. */
    public Optional<Object> param(String key) {
        return Optional.ofNullable(paramsMap().get(key));
    }

    /**
     * A numeric parameter: {@code params.key} when the params are an object, or the params themselves when they are a
     * bare number; {@code fallback} when absent.
     *
     * @throws IllegalArgumentException when the value is present but not a number
     */
    public double number(String key, double fallback) {
        Object value = params instanceof Number ? params : paramsMap().get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException(key + " must be a number (was " + value + ")");
    }
}
