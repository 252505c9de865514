package io.millwright.mqtt;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The credentials a client presented in CONNECT (MQTT 5.0 section 3.1.3.5 and 3.1.3.6).
 *
 * @param clientId the client identifier; for an empty one, the identifier the broker assigned
 * @param username the User Name, or {@code null} when the client sent none
 * @param password the Password bytes, or {@code null} when the client sent none (never empty-versus-absent confusion:
 *     a ThingsBoard-style client sends its token as username and no password)
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5 (3 for MQTT 3.1)
 */
public record ConnectRequest(
        String clientId, String username, byte[] password, SocketAddress remoteAddress, int protocolVersion) {

    public ConnectRequest {
        Objects.requireNonNull(clientId, "clientId");
        password = password == null ? null : password.clone();
    }

    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectRequest r
                && clientId.equals(r.clientId)
                && Objects.equals(username, r.username)
                && Arrays.equals(password, r.password)
                && Objects.equals(remoteAddress, r.remoteAddress)
                && protocolVersion == r.protocolVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, username, remoteAddress, protocolVersion);
    }

    @Override
    public String toString() {
        return "ConnectRequest[clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? "absent" : "***") + ", remote=" + remoteAddress + ", v" + protocolVersion + "]";
    }
}
