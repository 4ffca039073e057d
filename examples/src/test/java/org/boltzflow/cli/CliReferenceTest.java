package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The command-line reference in {@code docs/cli/}: one Markdown page per command holding exactly its
 * {@code --help} text, and an index. Fails when a page differs from what the commands print, so the reference cannot
 * drift. Regenerate after changing a command (see {@code docs/cli/README.md}):
 * {@code mvn -B -q -pl examples -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcli.reference.update=true}.
 */
class CliReferenceTest {
    private static final Path DIR = Path.of(System.getProperty("boltzflow.data")).resolveSibling("docs/cli");

    @Test
    void referenceMatchesHelp() throws IOException {
        Map<String, String> pages = pages();
        if (Boolean.getBoolean("cli.reference.update")) {
            Files.createDirectories(DIR);
            try (Stream<Path> old = Files.list(DIR)) {
                for (Path page : old.filter(p -> p.toString().endsWith(".md")).toList()) {
                    Files.delete(page);
                }
            }
            for (Map.Entry<String, String> page : pages.entrySet()) {
                Files.writeString(DIR.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
            }
        }
        List<String> committed;
        try (Stream<Path> files = Files.list(DIR)) {
            committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
        }
        assertEquals(pages.keySet().stream().sorted().toList(), committed,
                "docs/cli pages differ from the commands; regenerate (docs/cli/README.md says how)");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            assertEquals(page.getValue(), Files.readString(DIR.resolve(page.getKey()), StandardCharsets.UTF_8),
                    "docs/cli/" + page.getKey() + " differs from --help; regenerate (docs/cli/README.md says how)");
        }
    }

    /** File name to content: the index, then one page per visible command, depth first. */
    static Map<String, String> pages() {
        // defaults that name this machine's data folder are shown as on a fresh clone without the launcher
        String data = System.clearProperty("boltzflow.data");
        try {
            CommandLine root = new CommandLine(BoltzflowCommand.class);
            Map<String, String> pages = new LinkedHashMap<>();
            List<String> index = new ArrayList<>();
            index.add("# Command-line reference\n\n"
                    + "Generated from the commands themselves: each page is exactly what `--help` prints. Do not edit "
                    + "by hand; after changing a command, regenerate every page with\n\n"
                    + "```bash\nmvn -B -q -pl examples -am test -Dtest=CliReferenceTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dcli.reference.update=true\n```\n\n"
                    + "(`mvn -B verify` fails while a page differs from `--help`). With `./boltzflow`, defaults under "
                    + "`data/` are shown as absolute paths of the clone.\n\n"
                    + "| command | what it does |\n|---|---|\n");
            visit(root, pages, index);
            pages.put("README.md", String.join("", index));
            return pages;
        } finally {
            if (data != null) {
                System.setProperty("boltzflow.data", data);
            }
        }
    }

    private static void visit(CommandLine command, Map<String, String> pages, List<String> index) {
        String path = command.getCommandSpec().qualifiedName(" ");
        String file = path.replace(' ', '-') + ".md";
        String[] description = command.getCommandSpec().usageMessage().description();
        index.add("| [`" + path + "`](" + file + ") | " + (description.length == 0 ? "" : description[0]) + " |\n");
        pages.put(file, "# `" + path + "`\n\n```text\n" + command.getUsageMessage(Ansi.OFF) + "```\n");
        for (CommandLine sub : command.getSubcommands().values().stream().distinct().toList()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                visit(sub, pages, index);
            }
        }
    }
}
