package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package of main code (core, autodiff, examples, skeleton) has a package-info.java with a Javadoc comment. */
class PackageInfoTest {

    @Test
    void everyPackageIsDocumented() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        TreeSet<Path> packages = new TreeSet<>();
        for (String module : List.of("core", "autodiff", "examples", "spark", "skeleton")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> packages.add(p.getParent()));
            }
        }
        List<String> undocumented = new ArrayList<>();
        for (Path dir : packages) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info) || !Files.readString(info).contains("/**")) {
                undocumented.add(root.relativize(dir).toString());
            }
        }
        assertThat(packages).hasSizeGreaterThan(25);
        assertThat(undocumented).as("packages without a documented package-info.java").isEmpty();
    }
}
