package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.server.cli.MillwrightCommand;
import io.millwright.testkit.TestPlatform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI client commands against a running server, through its REST API. */
class CliIT {

    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 6];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--server";
        full[args.length + 1] = platform.httpBase();
        full[args.length + 2] = "--username";
        full[args.length + 3] = "admin";
        full[args.length + 4] = "--password";
        full[args.length + 5] = TestPlatform.ADMIN_PASSWORD;
        int exit = MillwrightCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void device_create_prints_the_token_once_and_the_device_is_listed_shown_and_deleted() {
        Run created = cli("device", "create", "cli-pump-1", "--type", "pump", "--label", "site=north");
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher token = Pattern.compile("token: (\\S+)").matcher(created.out());
        assertThat(token.find()).as(created.out()).isTrue();

        Run listed = cli("device", "list", "--name", "cli-pump");
        assertThat(listed.out()).contains("cli-pump-1").doesNotContain(token.group(1));

        Run shown = cli("device", "show", "cli-pump-1");
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("\"site\" : \"north\"").doesNotContain(token.group(1));

        assertThat(cli("device", "delete", "cli-pump-1").exit()).isZero();
        Run missing = cli("device", "show", "cli-pump-1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("404");
    }

    @Test
    void a_duplicate_name_is_reported_in_one_line() {
        assertThat(cli("device", "create", "cli-dup").exit()).isZero();
        Run again = cli("device", "create", "cli-dup");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("millwright: ").contains("409");
    }

    @Test
    void user_create_adds_a_user_who_can_log_in() {
        Run created = cli("user", "create", "cli-operator", "--role", "operator", "--new-password", "operator-pass");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(platform.api()
                        .login("cli-operator", "operator-pass")
                        .get("/api/v1/devices")
                        .status())
                .isEqualTo(200);
    }
}
