package io.millwright.simulator.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads profiles: a built-in by name ({@link #BUILT_IN}) or a YAML file by path. Keys are kebab-case; unknown keys are
 * errors, so a typo does not silently fall back to a default.
 */
public final class ProfileLoader {

    /** The profiles shipped in the simulator's resources. */
    public static final List<String> BUILT_IN = List.of("factory-line", "smart-fridge", "home", "meter");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .addModule(new SimpleModule()
                    .addDeserializer(Duration.class, text(Durations::parse))
                    .addDeserializer(Rate.class, text(Rate::parse)))
            .build();

    private ProfileLoader() {}

    /**
     * Loads a built-in profile by name, or a YAML file.
     *
     * @throws IllegalArgumentException with a message naming the source, the place and what is wrong
     */
    public static Profile load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            try (InputStream in = ProfileLoader.class.getResourceAsStream("/profiles/" + nameOrPath + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("built-in profile " + nameOrPath + " is missing from the jar");
                }
                return parse(in, "built-in profile " + nameOrPath);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read built-in profile " + nameOrPath, e);
            }
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("unknown profile '" + nameOrPath + "': use one of "
                    + String.join(", ", BUILT_IN) + ", or the path of a YAML file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile " + path + ": " + e.getMessage(), e);
        }
    }

    static Profile parse(InputStream in, String source) throws IOException {
        try {
            Profile profile = YAML.readValue(in, Profile.class);
            if (profile == null) {
                throw new IllegalArgumentException(source + " is empty");
            }
            return profile;
        } catch (JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String line =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            // A record's compact constructor said what is wrong (IllegalArgument, or NullPointer from requireNonNull).
            String what = e.getCause() instanceof RuntimeException invalid && invalid.getMessage() != null
                    ? invalid.getMessage()
                    : e.getOriginalMessage();
            throw new IllegalArgumentException(
                    source + ": " + (where.isEmpty() ? "" : "at " + where + line + ": ") + what, e);
        }
    }

    private static <T> JsonDeserializer<T> text(Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser json, DeserializationContext context) throws IOException {
                return parse.apply(json.getValueAsString());
            }
        };
    }
}
