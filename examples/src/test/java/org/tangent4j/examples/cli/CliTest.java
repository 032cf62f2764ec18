package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's contract: help lists every subcommand; mistakes give a short usage line, not a stack trace. */
class CliTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Tangent4jCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void helpListsEverySubcommandWithADescription() {
        Run r = run("--help");
        assertThat(r.status()).isZero();
        CommandLine cl = Tangent4jCli.commandLine();
        assertThat(cl.getSubcommands()).isNotEmpty();
        for (var e : cl.getSubcommands().entrySet()) {
            assertThat(r.out()).contains(e.getKey());
            assertThat(e.getValue().getCommandSpec().usageMessage().description())
                    .as("one-line description of %s", e.getKey()).isNotEmpty();
        }
    }

    @Test
    void everySubcommandHasHelp() {
        for (String name : Tangent4jCli.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Run r = run(name, "--help");
            assertThat(r.status()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage:").contains(name);
        }
    }

    @Test
    void wrongFlagGivesShortUsageNotStackTrace() {
        Run r = run("--no-such-flag");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-flag'").contains("--help").doesNotContain("at org.");
        assertThat(r.err().lines().count()).isLessThan(6);
    }

    @Test
    void failureInsideACommandIsOneClearLine() {
        Run r = run("bench", "no-such-benchmark");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("benchmark 'no-such-benchmark' not found").doesNotContain("\tat ");
    }

    /** Every benchmark that `bench --help` lists has its program (one was once listed without it). */
    @Test
    void everyListedBenchmarkExists() throws Exception {
        String[] footer = BenchCommand.class.getAnnotation(picocli.CommandLine.Command.class).footer();
        java.util.List<String> names = java.util.Arrays.stream(footer)
                .flatMap(l -> java.util.Arrays.stream(l.split("%n"))).filter(l -> l.startsWith("  "))
                .map(l -> l.trim().split(" ")[0]).toList();
        // and every benchmark program is listed (three once were not): the *Benchmark classes next to Machine
        java.nio.file.Path dir = java.nio.file.Path.of(Class.forName("org.tangent4j.examples.bench.Machine")
                .getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("org/tangent4j/examples/bench");
        try (var files = java.nio.file.Files.list(dir)) {
            java.util.List<String> programs = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith("Benchmark.class")).map(f -> f.substring(0, f.length() - ".class".length()))
                    .toList();
            assertThat(programs).hasSizeGreaterThanOrEqualTo(8);
            assertThat(names.stream().map(n -> BenchCommand.className(n).substring("org.tangent4j.examples.bench.".length())))
                    .containsExactlyInAnyOrderElementsOf(programs);
        }
        for (String name : names) {
            assertThat(Class.forName(BenchCommand.className(name)).getMethod("main", String[].class)).as(name).isNotNull();
        }
    }
}
