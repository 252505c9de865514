package io.millwright.simulator;

import io.millwright.simulator.profile.Rate;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to simulate and where.
 *
 * @param server the REST base URL
 * @param mqtt the broker address devices connect to ({@code mqtt://} or {@code mqtts://})
 * @param username with {@code password}: the user that registers devices
 * @param password the user's password, or null when a token is given
 * @param token an API or session token instead of a password, or null
 * @param devices how many devices
 * @param profile a built-in profile name or a YAML path
 * @param rate telemetry per device; null takes the profile's
 * @param duration how long to run; null runs until stopped
 * @param prefix device names are the prefix and a number
 * @param seed makes the simulated signals repeatable
 */
public record SimulatorConfig(
        URI server,
        String mqtt,
        String username,
        String password,
        String token,
        int devices,
        String profile,
        Rate rate,
        Duration duration,
        String prefix,
        long seed) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,50}");

    public SimulatorConfig {
        Objects.requireNonNull(server, "--server is required");
        if (server.getHost() == null
                || !(server.getScheme().equals("http") || server.getScheme().equals("https"))) {
            throw new IllegalArgumentException(
                    "--server must be an http(s) URL such as http://localhost:8080 (was " + server + ")");
        }
        mqtt = mqtt == null ? "mqtt://" + server.getHost() + ":1883" : mqtt;
        if (token == null && (username == null || password == null)) {
            throw new IllegalArgumentException("give --username and --password (or MILLWRIGHT_USERNAME and "
                    + "MILLWRIGHT_PASSWORD), or --token (MILLWRIGHT_TOKEN)");
        }
        if (devices < 1 || devices > 100_000) {
            throw new IllegalArgumentException("--devices must be 1-100000 (was " + devices + ")");
        }
        Objects.requireNonNull(profile, "--profile is required");
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "--prefix must be 1-50 characters of A-Z a-z 0-9 . _ - (was '" + prefix + "')");
        }
    }

    @Override
    public String toString() {
        return "SimulatorConfig[" + devices + " x " + profile + " @ " + server + "]";
    }
}
