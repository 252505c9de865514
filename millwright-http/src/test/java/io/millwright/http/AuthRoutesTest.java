package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.http.ApiFixture.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthRoutesTest {

    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void login_returns_a_session_token_with_its_expiry() {
        Response r = api.post(
                "/api/v1/auth/login",
                null,
                json("{'username':'admin','password':'" + ApiFixture.ADMIN_PASSWORD + "'}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("token").asText()).startsWith("mws_");
        assertThat(Instant.parse(r.json().get("expiresAt").asText())).isAfter(Instant.now());
    }

    @Test
    void login_with_a_wrong_password_is_401() {
        api.post("/api/v1/auth/login", null, json("{'username':'admin','password':'wrong-password'}"))
                .assertProblem(401);
        api.post("/api/v1/auth/login", null, json("{'username':'nobody','password':'wrong-password'}"))
                .assertProblem(401);
    }

    @Test
    void login_without_password_names_the_field() {
        api.post("/api/v1/auth/login", null, json("{'username':'admin'}")).assertInvalid("password");
    }

    @Test
    void me_describes_the_caller() {
        JsonNode me = api.get("/api/v1/me", api.adminToken).json();

        assertThat(me.get("username").asText()).isEqualTo("admin");
        assertThat(me.get("role").asText()).isEqualTo("admin");
        assertThat(me.get("id").asText()).isNotEmpty();
    }

    @Test
    void api_token_can_be_created_listed_used_and_revoked() {
        String expiry = Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Response created =
                api.post("/api/v1/tokens", api.adminToken, json("{'name':'ci-pipeline','expiresAt':'" + expiry + "'}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode token = created.json();
        assertThat(token.get("name").asText()).isEqualTo("ci-pipeline");
        assertThat(token.get("token").asText()).startsWith("mwa_");
        assertThat(token.get("expiresAt").asText()).isEqualTo(expiry);
        assertThat(token.get("createdAt").asText()).isNotEmpty();
        String id = token.get("id").asText();
        String secret = token.get("token").asText();

        Response listed = api.get("/api/v1/tokens", api.adminToken);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(listed.json().get("items").findValuesAsText("id")).contains(id);
        assertThat(listed.json().get("items").get(0).has("token")).isFalse();

        assertThat(api.get("/api/v1/me", secret).status()).isEqualTo(200);

        Response revoked = api.delete("/api/v1/tokens/" + id, api.adminToken);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(revoked.body()).isEmpty();

        Response after = api.get("/api/v1/me", secret);
        after.assertProblem(401);
        assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api.get("/api/v1/tokens", api.adminToken).json().get("items").findValuesAsText("id"))
                .doesNotContain(id);
    }

    @Test
    void api_token_without_expiry_never_expires() {
        Response created = api.post("/api/v1/tokens", api.adminToken, json("{'name':'forever'}"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("expiresAt").isNull()).isTrue();
    }

    @Test
    void api_token_with_bad_expiry_is_rejected_and_nothing_is_stored() {
        int before = api.tokens.size();

        api.post("/api/v1/tokens", api.adminToken, json("{'name':'t','expiresAt':'tomorrow'}"))
                .assertInvalid("expiresAt");
        api.post("/api/v1/tokens", api.adminToken, json("{'name':'t','expiresAt':'2001-01-01T00:00:00Z'}"))
                .assertInvalid("expiresAt");
        api.post("/api/v1/tokens", api.adminToken, json("{'expiresAt':'2099-01-01T00:00:00Z'}"))
                .assertInvalid("name");

        assertThat(api.tokens.size()).isEqualTo(before);
    }

    @Test
    void revoking_an_unknown_token_is_404() {
        api.delete("/api/v1/tokens/no-such-token", api.adminToken).assertProblem(404);
    }

    @Test
    void admin_creates_and_lists_users() {
        Response created = api.post(
                "/api/v1/users",
                api.adminToken,
                json("{'username':'olivia','password':'olivia-secret','role':'operator'}"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode user = created.json();
        assertThat(user.get("username").asText()).isEqualTo("olivia");
        assertThat(user.get("role").asText()).isEqualTo("operator");
        assertThat(user.get("id").asText()).isNotEmpty();
        assertThat(user.get("createdAt").asText()).isNotEmpty();
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("passwordHash")).isFalse();

        Response listed = api.get("/api/v1/users", api.adminToken);
        assertThat(listed.json().get("items").findValuesAsText("username")).contains("admin", "olivia");
        assertThat(listed.body()).doesNotContain("argon2");
    }

    @Test
    void viewer_may_not_create_or_list_users() {
        String viewer = api.userWithRole("vera", "viewer");

        api.post("/api/v1/users", viewer, json("{'username':'mallory','password':'mallory-pw','role':'admin'}"))
                .assertProblem(403);
        api.get("/api/v1/users", viewer).assertProblem(403);
        assertThat(api.users.findByUsername("mallory")).isEmpty();
        assertThat(api.get("/api/v1/me", viewer).json().get("role").asText()).isEqualTo("viewer");
    }

    @Test
    void duplicate_username_is_409() {
        api.userWithRole("dora", "viewer");

        api.post("/api/v1/users", api.adminToken, json("{'username':'dora','password':'another-pw','role':'admin'}"))
                .assertProblem(409);
        assertThat(api.users.findByUsername("dora").orElseThrow().role().wireName())
                .isEqualTo("viewer");
    }

    @Test
    void user_with_unknown_role_or_short_password_is_400() {
        api.post("/api/v1/users", api.adminToken, json("{'username':'rob','password':'rob-secret','role':'root'}"))
                .assertInvalid("role");
        api.post("/api/v1/users", api.adminToken, json("{'username':'rob','password':'short','role':'viewer'}"))
                .assertInvalid("password");
        api.post("/api/v1/users", api.adminToken, json("{'username':'rob','password':'rob-secret'}"))
                .assertInvalid("role");
        assertThat(api.users.findByUsername("rob")).isEmpty();
    }

    @Test
    void missing_malformed_and_unknown_bearer_tokens_are_401_with_a_challenge() {
        Response missing = api.get("/api/v1/me", null);
        missing.assertProblem(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"millwright\"");

        Response unknown = api.get("/api/v1/me", "mwa_not-a-real-token");
        unknown.assertProblem(401);
        assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");

        Response basic = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/me"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .build());
        basic.assertProblem(401);
        assertThat(basic.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
