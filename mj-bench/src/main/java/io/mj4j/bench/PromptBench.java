package io.mj4j.bench;

import io.mj4j.spi.Prompt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** {@link Prompt#parse} and {@link Prompt#render} of a plain prompt and of one with many parameters. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PromptBench {
    static final String PLAIN = "a lighthouse at dawn, volumetric fog --ar 16:9 --v 7";
    static final String RICH = "https://example.com/ref.png a red fox in fresh snow, golden hour, 35mm film "
            + "--ar 3:2 --v 7 --stylize 250 --chaos 12 --weird 50 --q 2 --seed 123456 --no people, text "
            + "--style raw --sref https://example.com/style.png --sw 150 --tile --fast";

    private Prompt plain;
    private Prompt rich;

    @Setup
    public void setUp() {
        plain = Prompt.parse(PLAIN);
        rich = Prompt.parse(RICH);
        if (!Prompt.parse(rich.render()).equals(rich)) {
            throw new IllegalStateException("render does not round-trip: " + rich.render());
        }
    }

    @Benchmark public Prompt parsePlain() { return Prompt.parse(PLAIN); }
    @Benchmark public Prompt parseRich() { return Prompt.parse(RICH); }
    @Benchmark public String renderPlain() { return plain.render(); }
    @Benchmark public String renderRich() { return rich.render(); }
}
