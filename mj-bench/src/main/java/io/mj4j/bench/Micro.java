package io.mj4j.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs the JMH microbenchmarks of this module ({@link ParseBench}, {@link StateMachineBench},
 * {@link PromptBench}) and, with {@code --out FILE}, writes their table into FILE's {@code jmh} section
 * (see {@link Markdown#replaceSection}). Every other argument is a JMH command-line option
 * ({@code -wi 2 -i 3 -f 1 -w 1s -r 2s}, a benchmark regex, {@code -h} for the list); without a regex all
 * benchmarks of {@code io.mj4j.bench} run.
 */
public final class Micro {
    private Micro() {
    }

    public static void main(String[] args) throws RunnerException, IOException, CommandLineOptionException {
        Path out = null;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        if (cli.shouldHelp() || cli.shouldList()) {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include("io\\.mj4j\\.bench\\..*");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String table = table(results);
        System.out.println();
        System.out.println(table);
        if (out != null) {
            String cmd = "java -cp \"$(cat mj-bench/target/classpath.txt):mj-bench/target/classes\" io.mj4j.bench.Micro "
                    + String.join(" ", args);
            Markdown.replaceSection(out, "jmh", "Command: `" + cmd + "`\n\n" + table);
            System.out.println("Wrote the jmh section of " + out);
        }
    }

    /** The results as a Markdown table, in run order. */
    static String table(Collection<RunResult> results) {
        StringBuilder sb = new StringBuilder("| Benchmark | Mode | Cnt | Score | Error (99.9 %) | Units |\n|---|---|---:|---:|---:|---|\n");
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            double err = p.getScoreError();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %s | %s |%n", name, r.getParams().getMode().shortLabel(),
                    p.getSampleCount(), p.getScore(), Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, "± %.3f", err),
                    p.getScoreUnit()));
        }
        return sb.toString();
    }
}
