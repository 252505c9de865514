package io.millwright.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.http.AuthJson.CreateTokenRequest;
import io.millwright.http.AuthJson.CreateUserRequest;
import io.millwright.http.AuthJson.CreatedToken;
import io.millwright.http.AuthJson.LoginRequest;
import io.millwright.http.AuthJson.LoginResponse;
import io.millwright.http.AuthJson.MeView;
import io.millwright.http.AuthJson.TokenView;
import io.millwright.http.AuthJson.UserView;
import java.util.Objects;

/**
 * Login, API tokens, users and the caller's own identity:
 *
 * <pre>
 * POST   /api/v1/auth/login     password login, returns a session token
 * POST   /api/v1/tokens         create an API token (secret shown once)
 * GET    /api/v1/tokens         the caller's API tokens, without secrets
 * DELETE /api/v1/tokens/{id}    revoke
 * POST   /api/v1/users          create a user (admin)
 * GET    /api/v1/users          list users (admin)
 * GET    /api/v1/me             who the bearer token belongs to
 * </pre>
 */
public final class AuthRoutes implements ApiRoutes {

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = Objects.requireNonNull(auth);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.post("/api/v1/auth/login", ctx -> login(support, ctx));
        routes.post("/api/v1/tokens", ctx -> createToken(support, ctx));
        routes.get("/api/v1/tokens", ctx -> listTokens(support, ctx));
        routes.delete("/api/v1/tokens/{id}", ctx -> revokeToken(support, ctx));
        routes.post("/api/v1/users", ctx -> createUser(support, ctx));
        routes.get("/api/v1/users", ctx -> listUsers(support, ctx));
        routes.get("/api/v1/me", ctx -> me(support, ctx));
    }

    private void login(RequestSupport support, Context ctx) {
        LoginRequest request = support.body(ctx, LoginRequest.class);
        support.respond(ctx, 200, LoginResponse.of(auth.login(request.username(), request.password())));
    }

    private void createToken(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        CreateTokenRequest request = support.body(ctx, CreateTokenRequest.class);
        support.respond(ctx, 201, CreatedToken.of(auth.createApiToken(user, request.name(), request.expiry())));
    }

    private void listTokens(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        support.respond(
                ctx,
                200,
                ListView.of(auth.listApiTokens(user).stream().map(TokenView::of).toList()));
    }

    private void revokeToken(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        auth.revokeApiToken(user, ctx.pathParam("id"));
        ctx.status(204);
    }

    private void createUser(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        requireAdmin(user, "create users");
        CreateUserRequest request = support.body(ctx, CreateUserRequest.class);
        Role role = request.role() == null ? null : Role.fromWireName(request.role());
        if (request.role() != null && role == null) {
            throw new InvalidInputException(
                    "role", "role must be 'admin', 'operator' or 'viewer' (was '" + request.role() + "')");
        }
        support.respond(ctx, 201, UserView.of(auth.createUser(user, request.username(), request.password(), role)));
    }

    private void listUsers(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        support.respond(
                ctx,
                200,
                ListView.of(auth.listUsers(user).stream().map(UserView::of).toList()));
    }

    private void me(RequestSupport support, Context ctx) {
        support.respond(ctx, 200, MeView.of(support.user(ctx)));
    }

    /** Checked before the body is read, so a caller without the role learns nothing from validation errors. */
    private static void requireAdmin(Principal.User user, String action) {
        if (!user.has(Role.ADMIN)) {
            throw new ForbiddenException("only admins may " + action);
        }
    }
}
