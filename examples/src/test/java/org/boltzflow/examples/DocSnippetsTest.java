package org.boltzflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot drift from the code: every {@code ```java} block of {@code README.md} and {@code docs/**.md} is
 * code that a test runs. A block passes when its lines, in order, are lines of one test source file (any module's
 * {@code src/test/java}, or the standalone project under {@code user-test/src/it}), compared without indentation,
 * blank lines and trailing {@code //} comments; lines the docs leave out (assertions, tiny settings) may come in
 * between.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of(System.getProperty("boltzflow.data", "../data")).toAbsolutePath()
            .normalize().getParent();
    private static final Pattern BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheDocsIsCodeThatATestRuns() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        for (Path file : files(ROOT, ".java")) {
            String relative = ROOT.relativize(file).toString().replace('\\', '/');
            if (relative.contains("/src/test/java/") || relative.startsWith("user-test/src/it/")) {
                sources.add(lines(Files.readString(file)));
            }
        }
        List<Path> docs = new ArrayList<>(files(ROOT.resolve("docs"), ".md"));
        docs.add(ROOT.resolve("README.md"));
        List<String> drifted = new ArrayList<>();
        int blocks = 0;
        for (Path doc : docs) {
            Matcher block = BLOCK.matcher(Files.readString(doc));
            for (int index = 1; block.find(); index++) {
                blocks++;
                List<String> snippet = lines(block.group(1));
                if (sources.stream().noneMatch(source -> inOrder(snippet, source))) {
                    drifted.add(ROOT.relativize(doc) + " Java block " + index + ":\n" + block.group(1));
                }
            }
        }
        assertTrue(blocks >= 7, "found only " + blocks + " Java blocks in the docs");
        assertEquals(List.of(), drifted, "Java blocks in the docs that no test runs");
    }

    @Test
    void aBlockMatchesOnlyLinesInTheirOrder() {
        List<String> source = lines("int a = 1;\n  int b = a + 1; // two\n\nSystem.out.println(b);\n");
        assertTrue(inOrder(lines("int a = 1;\nSystem.out.println(b);   // prints 2\n"), source));
        assertTrue(!inOrder(lines("System.out.println(b);\nint a = 1;\n"), source));
        assertTrue(!inOrder(lines("int a = 2;\n"), source));
    }

    /** Whether every line of {@code snippet} is a line of {@code source}, in the same order. */
    private static boolean inOrder(List<String> snippet, List<String> source) {
        int at = 0;
        for (String line : snippet) {
            while (at < source.size() && !source.get(at).equals(line)) {
                at++;
            }
            if (at == source.size()) {
                return false;
            }
            at++;
        }
        return true;
    }

    /** The non-blank lines of {@code text}, stripped of indentation and of a trailing comment outside strings. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String code = withoutComment(line).strip();
            if (!code.isEmpty()) {
                out.add(code);
            }
        }
        return out;
    }

    private static String withoutComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .sorted().toList();
        }
    }
}
