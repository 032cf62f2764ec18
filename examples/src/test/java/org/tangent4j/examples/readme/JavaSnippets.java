package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Java code blocks of a Markdown page, compiled and run exactly as printed: the {@code ```java} blocks in order, their
 * {@code import} lines first, everything else as the body of one main method.
 */
final class JavaSnippets {

    private JavaSnippets() {
    }

    /** The {@code ```java} blocks of {@code markdown}, in order. */
    static List<String> blocks(String markdown) {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Compiles {@code blocks} as the class {@code name} in {@code dir}, runs its main method and returns what it printed. */
    static String compileAndRun(List<String> blocks, String name, Path dir) throws Exception {
        List<String> lines = blocks.stream().flatMap(String::lines).collect(Collectors.toList());
        String imports = lines.stream().filter(l -> l.startsWith("import ")).distinct().collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n        "));
        String source = imports + "\n\npublic class " + name + " {\n    public static void main(String[] args) throws Exception {\n        "
                + body + "\n    }\n}\n";
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertThat(rc).as("javac: %s%n%s", diagnostics, source).isZero();
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, JavaSnippets.class.getClassLoader())) {
            System.setOut(new PrintStream(out, true));
            cl.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }
}
