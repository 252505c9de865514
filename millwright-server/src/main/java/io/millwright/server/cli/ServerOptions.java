package io.millwright.server.cli;

import picocli.CommandLine.Option;

/** How CLI client commands reach and authenticate to a running server. */
final class ServerOptions {

    @Option(
            names = "--server",
            defaultValue = "${env:MILLWRIGHT_SERVER:-http://localhost:8080}",
            description = "Base URL of the server (env MILLWRIGHT_SERVER; default ${DEFAULT-VALUE}).")
    String server;

    @Option(
            names = "--token",
            defaultValue = "${env:MILLWRIGHT_TOKEN}",
            description = "API token (env MILLWRIGHT_TOKEN). Without it the CLI logs in with --username/--password.")
    String token;

    @Option(
            names = "--username",
            defaultValue = "${env:MILLWRIGHT_USERNAME:-admin}",
            description = "User to log in as (env MILLWRIGHT_USERNAME; default ${DEFAULT-VALUE}).")
    String username;

    @Option(
            names = "--password",
            defaultValue = "${env:MILLWRIGHT_PASSWORD}",
            description = "Password (env MILLWRIGHT_PASSWORD); asked for on the terminal if absent.")
    String password;
}
