package io.millwright.core.auth;

import io.millwright.core.Ids;
import io.millwright.core.Validation;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.error.UnauthenticatedException;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users, logins and bearer tokens.
 *
 * <p>Bearer tokens (session and API) are verified by digest lookup; only logins pay for Argon2id. Tokens are
 * prefixed ({@value #SESSION_PREFIX}, {@value #API_PREFIX}) so that a leaked one can be recognised by secret
 * scanners.
 */
public final class AuthService {

    public static final String SESSION_PREFIX = "mws_";
    public static final String API_PREFIX = "mwa_";
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 256;

    private final TenantStore tenants;
    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final AuthConfig config;
    private final Clock clock;
    private final CredentialCache<Principal.User> cache;
    /** Verified against when the username is unknown, so that timing does not reveal which usernames exist. */
    private final String decoyHash;

    public AuthService(
            TenantStore tenants,
            UserStore users,
            TokenStore tokens,
            PasswordHasher hasher,
            AuthConfig config,
            Clock clock) {
        this.tenants = Objects.requireNonNull(tenants);
        this.users = Objects.requireNonNull(users);
        this.tokens = Objects.requireNonNull(tokens);
        this.hasher = Objects.requireNonNull(hasher);
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        this.cache = new CredentialCache<>(config.credentialCacheTtl(), clock, 100_000);
        this.decoyHash = hasher.hash(Secrets.newPassword());
    }

    /**
     * Makes sure the default tenant and the {@code admin} user exist.
     *
     * @param adminPassword the password for a newly created admin; empty to generate one
     * @return the bootstrap outcome; {@link Bootstrap#generatedPassword()} is present only when this call created
     *     the admin with a generated password
     */
    public Bootstrap bootstrap(Optional<String> adminPassword) {
        Tenant tenant = tenants.findByName(Tenant.DEFAULT_NAME).orElseGet(() -> {
            Tenant created = new Tenant(Ids.newId(), Tenant.DEFAULT_NAME, clock.instant());
            tenants.create(created);
            return created;
        });
        if (users.findByUsername("admin").isPresent()) {
            return new Bootstrap(tenant, false, Optional.empty());
        }
        String password = adminPassword.filter(p -> !p.isBlank()).orElseGet(Secrets::newPassword);
        checkPassword(password);
        users.create(new User(Ids.newId(), tenant.id(), "admin", hasher.hash(password), Role.ADMIN, clock.instant()));
        return new Bootstrap(
                tenant,
                true,
                adminPassword.filter(p -> !p.isBlank()).isPresent() ? Optional.empty() : Optional.of(password));
    }

    /** The outcome of {@link #bootstrap(Optional)}. */
    public record Bootstrap(Tenant defaultTenant, boolean adminCreated, Optional<String> generatedPassword) {}

    /** Verifies a password and issues a session token. */
    public IssuedToken login(String username, String password) {
        Validation.required("username", username);
        Validation.required("password", password);
        Optional<User> user = users.findByUsername(username);
        boolean ok = hasher.verify(password, user.map(User::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !ok) {
            throw new UnauthenticatedException("unknown username or wrong password");
        }
        Instant now = clock.instant();
        return issue(user.get(), "login", ApiToken.Kind.SESSION, now.plus(config.sessionTtl()), SESSION_PREFIX);
    }

    /** Resolves a bearer token (session or API) to its user. */
    public Principal.User authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty()) {
            throw new UnauthenticatedException("a bearer token is required");
        }
        if (!bearer.startsWith(SESSION_PREFIX) && !bearer.startsWith(API_PREFIX)) {
            throw new UnauthenticatedException("malformed bearer token");
        }
        String digest = Secrets.digest(bearer);
        Principal.User cached = cache.get(digest);
        if (cached != null) {
            return cached;
        }
        Instant now = clock.instant();
        ApiToken token = tokens.findByDigest(digest)
                .filter(t -> !t.isExpired(now))
                .orElseThrow(() -> new UnauthenticatedException("unknown, revoked or expired token"));
        User user = users.findById(token.tenantId(), token.userId())
                .orElseThrow(() -> new UnauthenticatedException("the token's user no longer exists"));
        Principal.User principal = user.principal();
        cache.put(digest, principal, token.expiresAt());
        return principal;
    }

    /**
     * Authenticates an application by username and API (or session) token, as an MQTT client does.
     *
     * @return the user, or empty if the token is invalid or belongs to another user
     */
    public Optional<Principal.User> authenticate(String username, String bearer) {
        try {
            Principal.User user = authenticate(bearer);
            return user.name().equals(username) ? Optional.of(user) : Optional.empty();
        } catch (UnauthenticatedException e) {
            return Optional.empty();
        }
    }

    /** Whether a user of that name exists in any tenant. */
    public boolean userExists(String username) {
        return users.findByUsername(username).isPresent();
    }

    public IssuedToken createApiToken(Principal.User actor, String name, Instant expiresAt) {
        Validation.text("name", name, 64);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "expiresAt must be in the future");
        }
        User user = users.findById(actor.tenantId(), actor.userId())
                .orElseThrow(() -> new UnauthenticatedException("the caller's user no longer exists"));
        return issue(user, name, ApiToken.Kind.API, expiresAt, API_PREFIX);
    }

    public List<ApiToken> listApiTokens(Principal.User actor) {
        return tokens.list(actor.tenantId(), actor.userId(), ApiToken.Kind.API);
    }

    /** Revokes one of the caller's tokens (admins may revoke any token of their tenant). */
    public void revokeApiToken(Principal.User actor, String tokenId) {
        Optional<ApiToken> token = tokens.list(actor.tenantId(), actor.userId(), ApiToken.Kind.API).stream()
                .filter(t -> t.id().equals(tokenId))
                .findFirst();
        if (token.isEmpty() && !actor.has(Role.ADMIN)) {
            throw new NotFoundException("no token with id " + tokenId);
        }
        if (!tokens.delete(actor.tenantId(), tokenId)) {
            throw new NotFoundException("no token with id " + tokenId);
        }
        token.ifPresentOrElse(t -> cache.invalidate(t.digest()), cache::invalidateAll);
    }

    /** Creates a user in the caller's tenant; only admins may. */
    public User createUser(Principal.User actor, String username, String password, Role role) {
        if (!actor.has(Role.ADMIN)) {
            throw new ForbiddenException("only admins may create users");
        }
        Validation.name("username", username);
        checkPassword(password);
        Validation.required("role", role);
        if (users.findByUsername(username).isPresent()) {
            throw new ConflictException("a user named '" + username + "' already exists");
        }
        User user = new User(Ids.newId(), actor.tenantId(), username, hasher.hash(password), role, clock.instant());
        users.create(user);
        return user;
    }

    public List<User> listUsers(Principal.User actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new ForbiddenException("only admins may list users");
        }
        return users.list(actor.tenantId());
    }

    /** Removes expired tokens; called periodically. */
    public int purgeExpiredTokens() {
        return tokens.deleteExpired(clock.instant());
    }

    private IssuedToken issue(User user, String name, ApiToken.Kind kind, Instant expiresAt, String prefix) {
        String secret = Secrets.newToken(prefix);
        ApiToken token = new ApiToken(
                Ids.newId(),
                user.tenantId(),
                user.id(),
                name,
                kind,
                Secrets.digest(secret),
                clock.instant(),
                expiresAt);
        tokens.create(token);
        return new IssuedToken(token, secret);
    }

    private static void checkPassword(String password) {
        Validation.required("password", password);
        if (password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException(
                    "password", "password must be " + MIN_PASSWORD_LENGTH + "-" + MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
