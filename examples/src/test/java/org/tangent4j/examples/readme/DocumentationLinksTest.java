package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in README.md and docs/ points to a file that exists and, with #anchor, to one of its headings. */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]+)?\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.*)$");

    @Test
    void relativeLinksAndAnchorsResolve() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String path = m.group(1);
                if (path.startsWith("http")) {
                    continue;
                }
                Path target = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                checked++;
                if (!Files.exists(target)) {
                    broken.add(root.relativize(page) + ": " + path + " (no such file)");
                } else if (m.group(2) != null && target.toString().endsWith(".md")
                        && !anchors(target).contains(m.group(2).substring(1))) {
                    broken.add(root.relativize(page) + ": " + path + m.group(2) + " (no such heading)");
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(Path page) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher h = HEADING.matcher(Files.readString(page));
        while (h.find()) {
            out.add(h.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\w\\- ]", "").replace(' ', '-'));
        }
        return out;
    }
}
