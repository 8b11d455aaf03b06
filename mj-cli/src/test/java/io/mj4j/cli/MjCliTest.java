package io.mj4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.sandbox.MjSandbox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The mj command end to end, in-process, on each vendor's sandbox. */
class MjCliTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    /** The output of one run. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run mj(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("MJ4J_HOME", home.toString(), "MJ_SANDBOX_TIME_SCALE", "0.01");
        int exit = MjCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<String> vendors() {
        return MjSandbox.vendors().stream();
    }

    private static BufferedImage png(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertThat(img).as("%s is a PNG", p).isNotNull();
        return img;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    @DisplayName("imagine -> grid and its four cells on disk; upscale 2 from a fresh run -> a single image of the cell's size")
    void imagineThenUpscale(String vendor) throws Exception {
        Path out = work.resolve("out-" + vendor);
        Run imagine = mj("imagine", "--sandbox", vendor, "--json", "--out", out.toString(), "a lighthouse at dusk --ar 16:9");
        assertThat(imagine.exit()).as(imagine.err()).isZero();
        JsonNode grid = imagine.json();
        assertThat(grid.path("snapshot").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(grid.path("files")).hasSize(5);
        String id = grid.path("id").asText();
        BufferedImage whole = png(out.resolve(id + ".png"));
        assertThat(whole.getWidth()).isEqualTo(1024);
        assertThat(whole.getHeight()).isEqualTo(576);
        for (int cell = 1; cell <= 4; cell++) {
            BufferedImage c = png(out.resolve(id + "-" + cell + ".png"));
            assertThat(c.getWidth()).isEqualTo(512);
            assertThat(c.getHeight()).isEqualTo(288);
        }

        Run upscale = mj("upscale", "--sandbox", vendor, "--json", "--out", out.toString(), id.substring(0, 8), "2");
        assertThat(upscale.exit()).as(upscale.err()).isZero();
        JsonNode single = upscale.json();
        assertThat(single.path("parent").asText()).isEqualTo(id);
        BufferedImage image = png(Path.of(single.path("files").get(0).asText()));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(288);
    }

    @Test
    @DisplayName("human output names the task, its follow-ups and the files; the sandbox says so in one line")
    void humanOutput() {
        Run r = mj("imagine", "--out", work.toString(), "a small red boat");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("SUCCEEDED").contains("next: [").contains(".png");
        assertThat(r.err()).containsOnlyOnce("running on the built-in sandbox");
    }

    @Test
    @DisplayName("--no-wait returns the task id at once, and wait in a later run finishes it")
    void noWaitThenWait() throws Exception {
        Run started = mj("imagine", "--no-wait", "--json", "--out", work.toString(), "a fox");
        assertThat(started.exit()).as(started.err()).isZero();
        String id = started.json().path("id").asText();
        assertThat(started.json().path("snapshot").path("status").asText()).isIn("QUEUED", "RUNNING");
        Run waited = mj("wait", "--json", "--out", work.toString(), id);
        assertThat(waited.exit()).as(waited.err()).isZero();
        assertThat(waited.json().path("snapshot").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Files.exists(work.resolve(id + ".png"))).isTrue();
        Run list = mj("list", "--json");
        assertThat(list.json().get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    @DisplayName("bad input exits with 2 and one clear message")
    void badInput() {
        Run unknownFlag = mj("imagine", "--bogus", "x");
        assertThat(unknownFlag.exit()).isEqualTo(2);
        assertThat(unknownFlag.err()).contains("Unknown option: '--bogus'");

        Run range = mj("imagine", "a fox --s 5000");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("--stylize").contains("[0, 1000]");

        Run unknownTask = mj("upscale", "nosuchtask", "1");
        assertThat(unknownTask.exit()).isEqualTo(2);
        assertThat(unknownTask.err()).contains("Unknown task 'nosuchtask'");

        Run missingMask = mj("vary-region", "whatever", "--mask", work.resolve("missing.png").toString());
        assertThat(missingMask.exit()).isEqualTo(2);
        assertThat(missingMask.err()).contains("missing.png");

        Run badIndex = mj("upscale", "whatever", "9");
        assertThat(badIndex.exit()).isEqualTo(2);
    }

    @Test
    @DisplayName("providers lists every discovered provider with its actions, as a table or JSON")
    void providers() throws Exception {
        Run r = mj("providers", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.json().findValuesAsText("id")).contains("gptunnel", "acedata", "ohmygpt", "kolersky");
    }

    @Test
    @DisplayName("providers reports a configured provider as configured: mjproxy with lineage=oss lists no shorten, seed, zoom or cancel")
    void providersAsConfigured() throws Exception {
        Files.writeString(home.resolve("config"), "mjproxy.base_url=http://127.0.0.1:9/mj\nmjproxy.lineage=oss\n");
        Run r = mj("providers", "--json");
        assertThat(r.exit()).isZero();
        com.fasterxml.jackson.databind.JsonNode mjproxy = null;
        for (com.fasterxml.jackson.databind.JsonNode n : r.json()) {
            if (n.path("id").asText().equals("mjproxy")) {
                mjproxy = n;
            }
        }
        assertThat(mjproxy).isNotNull();
        assertThat(mjproxy.path("configured").asBoolean()).isTrue();
        List<String> actions = new ArrayList<>();
        mjproxy.path("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).contains("IMAGINE", "UPSCALE", "VARIATION", "REROLL").doesNotContain("SHORTEN", "SEED", "ZOOM");
        List<String> features = new ArrayList<>();
        mjproxy.path("features").forEach(a -> features.add(a.asText()));
        assertThat(features).doesNotContain("CANCEL");
    }

    @Test
    @DisplayName("a configured key is never printed, not even with --verbose")
    void keysNeverPrinted() throws Exception {
        Files.writeString(home.resolve("config"), "provider=gptunnel\ngptunnel.api_key=sk-very-secret-123\ngptunnel.base_url=http://127.0.0.1:9\n");
        Run r = mj("imagine", "--verbose", "--timeout", "5s", "a fox");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out() + r.err()).doesNotContain("sk-very-secret-123");
    }
}
