package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data"));

    @Test
    void alanineEnergyMatchesOpenMm() throws Exception {
        Path folder = DATA.resolve("alanine-dipeptide");
        double energy = QuickStart.alanineEnergy(folder.resolve("alanine-dipeptide.prmtop"),
                folder.resolve("reference/coords.npy"));
        // data/alanine-dipeptide/reference/energies_obc1.csv, frame 0 (OpenMM, Reference platform)
        assertEquals(-112.34171029746332, energy, 1e-6);
    }

    @Test
    void flowLearnsTwoMoons() {
        // seeds 1-8 gave 0.18-0.24 nats
        double kl = QuickStart.twoMoonsKl(1);
        assertTrue(kl > 0 && kl < KL_BOUND, "KL " + kl);
    }

    /** Every line of the README's Java snippet is a line of QuickStart.java, so the README shows code that runs. */
    @Test
    void readmeSnippetIsThisCode() throws Exception {
        String readme = Files.readString(DATA.resolveSibling("README.md"));
        Set<String> code = Files.readAllLines(Path.of("src/main/java/org/example/QuickStart.java")).stream()
                .map(String::strip).collect(Collectors.toSet());
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README has no Java snippet");
        List<String> missing = new ArrayList<>();
        for (String line : readme.substring(start + 8, readme.indexOf("```", start + 8)).split("\n")) {
            if (!line.isBlank() && !code.contains(line.strip())) {
                missing.add(line.strip());
            }
        }
        assertEquals(List.of(), missing, "README lines not in QuickStart.java");
    }

    private static final double KL_BOUND = 0.5;
}
