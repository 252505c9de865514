package io.millwright.server.mqtt;

import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.Principal;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.mqtt.AuthResult;
import io.millwright.mqtt.ClientAuthenticator;
import io.millwright.mqtt.ConnectRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates MQTT clients against the registry, in this order:
 *
 * <ol>
 *   <li>a device: username = device name, password = its access token;
 *   <li>a ThingsBoard-style device: username = access token, no or empty password;
 *   <li>an application: username = user name, password = one of the user's API (or session) tokens.
 * </ol>
 *
 * With anonymous access enabled, a username that names no device or user at all is admitted as anonymous (clients and
 * test suites often send a placeholder name); a known name with a wrong secret is still refused, so anonymous mode
 * never lets anyone impersonate a registered device or user.
 *
 * <p>Called by the broker on its authentication threads: lookups hit the credential caches first, and the store on a
 * miss.
 */
public final class RegistryAuthenticator implements ClientAuthenticator {

    private final DeviceRegistry devices;
    private final AuthService users;
    private final boolean allowAnonymous;
    private final String defaultTenantId;

    public RegistryAuthenticator(
            DeviceRegistry devices, AuthService users, boolean allowAnonymous, String defaultTenantId) {
        this.devices = devices;
        this.users = users;
        this.allowAnonymous = allowAnonymous;
        this.defaultTenantId = defaultTenantId;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        return CompletableFuture.completedFuture(decide(request));
    }

    private AuthResult decide(ConnectRequest request) {
        String username = request.username();
        byte[] password = request.password();
        if (username == null) {
            return refusedOrAnonymous(true, "no username");
        }
        if (password == null || password.length == 0) {
            Optional<Device> device = devices.authenticate(username);
            if (device.isPresent()) {
                return success(device.get());
            }
            return refusedOrAnonymous(!isKnownName(username), "no device has this access token");
        }
        String secret = new String(password, StandardCharsets.UTF_8);
        Optional<Device> device = devices.authenticate(username, secret);
        if (device.isPresent()) {
            return success(device.get());
        }
        Optional<Principal.User> user = users.authenticate(username, secret);
        if (user.isPresent()) {
            return AuthResult.success(user.get());
        }
        return refusedOrAnonymous(!isKnownName(username), "wrong device token or API token for '" + username + "'");
    }

    private boolean isKnownName(String username) {
        return devices.findByName(defaultTenantId, username).isPresent() || users.userExists(username);
    }

    private AuthResult refusedOrAnonymous(boolean unknown, String why) {
        if (allowAnonymous && unknown) {
            return AuthResult.success(new Principal.Anonymous(defaultTenantId));
        }
        return AuthResult.badCredentials(why);
    }

    private static AuthResult success(Device device) {
        return new AuthResult.Success(
                new Principal.Device(device.tenantId(), device.id(), device.name()), device.grants());
    }
}
