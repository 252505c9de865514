package io.millwright.server;

import io.millwright.server.cli.MillwrightCommand;

/** Process entry point: runs the command line and exits with its status. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(MillwrightCommand.execute(args));
    }
}
