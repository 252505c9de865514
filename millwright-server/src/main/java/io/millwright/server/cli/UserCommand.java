package io.millwright.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code millwright user create}: adds a user to a running server (admins only). */
@Command(name = "user", description = "Manage users of a running server.", subcommands = UserCommand.Create.class)
final class UserCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create");
    }

    @Command(name = "create", description = "Create a user.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Username: 1-64 characters of A-Z a-z 0-9 . _ -")
        String username;

        @Option(
                names = "--role",
                defaultValue = "operator",
                description = "admin, operator or viewer (default ${DEFAULT-VALUE}).")
        String role;

        @Option(
                names = "--new-password",
                defaultValue = "${env:MILLWRIGHT_NEW_USER_PASSWORD}",
                description = "The new user's password, 8-256 characters (env MILLWRIGHT_NEW_USER_PASSWORD); asked"
                        + " for on the terminal if absent.")
        String newPassword;

        @Override
        public Integer call() {
            String password = newPassword;
            if (password == null || password.isBlank()) {
                if (System.console() == null) {
                    throw new CliException("give --new-password (or MILLWRIGHT_NEW_USER_PASSWORD)");
                }
                char[] typed = System.console().readPassword("Password for new user %s: ", username);
                password = typed == null ? "" : new String(typed);
            }
            ObjectNode body = ApiClient.json()
                    .createObjectNode()
                    .put("username", username)
                    .put("password", password)
                    .put("role", role);
            JsonNode user = new ApiClient(server).post("/api/v1/users", body);
            spec.commandLine()
                    .getOut()
                    .println("created user " + user.path("username").asText() + " ("
                            + user.path("role").asText() + "), id "
                            + user.path("id").asText());
            return 0;
        }
    }
}
