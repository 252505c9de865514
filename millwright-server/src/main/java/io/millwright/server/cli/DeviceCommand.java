package io.millwright.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code millwright device create|list|show|delete}: manages the registry of a running server via its REST API. */
@Command(
        name = "device",
        description = "Manage devices of a running server.",
        subcommands = {
            DeviceCommand.Create.class,
            DeviceCommand.ListDevices.class,
            DeviceCommand.Show.class,
            DeviceCommand.Delete.class
        })
final class DeviceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: create, list, show or delete");
    }

    @Command(name = "create", description = "Register a device and print its access token (shown only once).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Device name: 1-64 characters of A-Z a-z 0-9 . _ -")
        String name;

        @Option(names = "--type", description = "Device type, e.g. pump.")
        String type;

        @Option(names = "--label", description = "A label key=value; repeatable.")
        Map<String, String> labels = new LinkedHashMap<>();

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.json().createObjectNode().put("name", name);
            if (type != null) {
                body.put("type", type);
            }
            ObjectNode labelsNode = body.putObject("labels");
            labels.forEach(labelsNode::put);
            JsonNode device = new ApiClient(server).post("/api/v1/devices", body);
            PrintWriter out = spec.commandLine().getOut();
            out.println("id:    " + device.path("id").asText());
            out.println("name:  " + device.path("name").asText());
            out.println("token: " + device.path("token").asText());
            out.println("Keep the token: it is shown only now. Connect with MQTT username '" + name
                    + "' and this token as password.");
            return 0;
        }
    }

    @Command(name = "list", description = "List devices.")
    static final class ListDevices implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", description = "Only names starting with this prefix.")
        String prefix;

        @Option(names = "--type", description = "Only this type.")
        String type;

        @Override
        public Integer call() {
            ApiClient client = new ApiClient(server);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-36s  %-32s  %s%n", "ID", "NAME", "TYPE");
            String cursor = null;
            do {
                StringBuilder path = new StringBuilder("/api/v1/devices?limit=1000");
                if (prefix != null) {
                    path.append("&name=").append(ApiClient.encode(prefix));
                }
                if (type != null) {
                    path.append("&type=").append(ApiClient.encode(type));
                }
                if (cursor != null) {
                    path.append("&cursor=").append(ApiClient.encode(cursor));
                }
                JsonNode page = client.get(path.toString());
                for (JsonNode d : page.path("items")) {
                    out.printf(
                            "%-36s  %-32s  %s%n",
                            d.path("id").asText(),
                            d.path("name").asText(),
                            d.path("type").asText(""));
                }
                cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (cursor != null);
            return 0;
        }
    }

    /** A subcommand that acts on one device, named by id or name. */
    abstract static class OneDevice implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Device id or name.")
        String idOrName;

        @Override
        public Integer call() throws Exception {
            ApiClient client = new ApiClient(server);
            act(client, resolve(client, idOrName), spec.commandLine().getOut());
            return 0;
        }

        abstract void act(ApiClient client, JsonNode device, PrintWriter out) throws Exception;
    }

    @Command(name = "show", description = "Show one device, by id or name.")
    static final class Show extends OneDevice {
        @Override
        void act(ApiClient client, JsonNode device, PrintWriter out) throws Exception {
            out.println(ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(device));
        }
    }

    @Command(name = "delete", description = "Delete a device, by id or name.")
    static final class Delete extends OneDevice {
        @Override
        void act(ApiClient client, JsonNode device, PrintWriter out) {
            client.delete(
                    "/api/v1/devices/" + ApiClient.encode(device.path("id").asText()));
            out.println("deleted " + device.path("name").asText());
        }
    }

    /** Finds a device by exact name, else treats the argument as an id. */
    static JsonNode resolve(ApiClient client, String idOrName) {
        JsonNode page = client.get("/api/v1/devices?limit=1000&name=" + ApiClient.encode(idOrName));
        for (JsonNode d : page.path("items")) {
            if (d.path("name").asText().equals(idOrName)) {
                return d;
            }
        }
        return client.get("/api/v1/devices/" + ApiClient.encode(idOrName));
    }
}
