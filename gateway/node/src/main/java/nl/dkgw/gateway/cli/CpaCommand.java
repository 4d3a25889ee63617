package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.dkgw.cpa.cli.CpaGenerateCommand;
import nl.dkgw.cpa.cli.CpaValidateCommand;
import nl.dkgw.gateway.http.AdminPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** CPA management: import, list, show and delete on a running node; validate and generate offline. */
@Command(
        name = "cpa",
        mixinStandardHelpOptions = true,
        description = "Manage CPAs.",
        subcommands = {
            CpaCommand.Import.class,
            CpaCommand.ListCpas.class,
            CpaCommand.Show.class,
            CpaCommand.Delete.class,
            CpaValidateCommand.class,
            CpaGenerateCommand.class
        })
final class CpaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import (or replace) a CPA on a running node; it takes effect at once.")
    static final class Import implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isReadable(file)) {
                System.err.println("dkgw cpa import: cannot read " + file);
                return 2;
            }
            AdminClient.Answer answer = config.adminClient().postXml("/api/cpas", Files.readString(file));
            if (!answer.ok()) {
                System.err.println("dkgw cpa import: " + answer.errorLine());
                if (answer.json() != null) {
                    for (JsonNode p : answer.json().path("problems")) {
                        System.err.println("  " + p.path("severity").asText() + " "
                                + p.path("location").asText() + ": "
                                + p.path("message").asText());
                    }
                }
                return 1;
            }
            System.out.println((answer.json().path("replaced").asBoolean() ? "replaced " : "imported ")
                    + answer.json().get("cpaId").asText() + " (version "
                    + answer.json().path("version").asLong() + ")");
            for (JsonNode w : answer.json().path("warnings")) {
                System.out.println("warning: " + w.path("location").asText() + ": "
                        + w.path("message").asText());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the CPAs of a running node.")
    static final class ListCpas implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            AdminClient.Answer answer = config.adminClient().get("/api/cpas");
            if (answer.failed("cpa list")) {
                return 1;
            }
            for (JsonNode cpa : answer.json()) {
                System.out.println(cpa.toString());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a CPA held by a running node.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "CPA_ID")
        String cpaId;

        @Override
        public Integer call() throws Exception {
            AdminClient.Answer answer = config.adminClient().get("/api/cpas/" + AdminPath.segment(cpaId));
            if (answer.failed("cpa show")) {
                return 1;
            }
            System.out.println(answer.text());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a CPA from a running node.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "CPA_ID")
        String cpaId;

        @Override
        public Integer call() throws Exception {
            AdminClient.Answer answer = config.adminClient().delete("/api/cpas/" + AdminPath.segment(cpaId));
            if (answer.failed("cpa delete")) {
                return 1;
            }
            System.out.println("deleted " + cpaId);
            return 0;
        }
    }
}
