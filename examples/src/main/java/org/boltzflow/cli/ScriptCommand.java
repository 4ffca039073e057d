package org.boltzflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow script my.java [args]}: runs a single-file Java program with the JDK's source launcher and the
 * whole library on its class path, so a free-energy script needs no build. The script's output and exit code are
 * its own.
 */
@Command(name = "script", mixinStandardHelpOptions = true,
        description = {"Runs a single-file Java program (java my.java) with the boltzflow library on its class path.",
            "Arguments after the file go to the program; examples in examples/scripts/."})
final class ScriptCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The program (.java, one file with a main method).")
    Path file;

    @Parameters(index = "1..*", arity = "0..*", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!file.getFileName().toString().endsWith(".java")) {
            throw new IllegalArgumentException(file + ": a script is a .java source file");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        for (String property : new String[] {"boltzflow.data", "ai.djl.offline"}) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(file.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        Thread out = copy(process.getInputStream(), spec.commandLine().getOut());
        Thread err = copy(process.getErrorStream(), spec.commandLine().getErr());
        int code = process.waitFor();
        out.join();
        err.join();
        return code;
    }

    /** Copies a stream of the script to one of ours, line by line, on a thread of its own. */
    private static Thread copy(InputStream from, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    to.println(line);
                    to.flush();
                }
            } catch (IOException e) {
                to.println("boltzflow script: " + e.getMessage());
            }
        });
        t.start();
        return t;
    }
}
