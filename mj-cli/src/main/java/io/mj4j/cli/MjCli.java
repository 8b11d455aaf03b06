package io.mj4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.cli.internal.AddressPolicy;
import io.mj4j.cli.internal.CliConfig;
import io.mj4j.cli.internal.Downloads;
import io.mj4j.cli.internal.InputChecks;
import io.mj4j.cli.internal.RedactingStream;
import io.mj4j.store.jdbc.TaskJson;
import io.mj4j.cli.internal.Progress;
import io.mj4j.cli.internal.Session;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code mj} command. Exit codes: 0 done, 1 the vendor or the task failed (the typed reason is
 * printed), 2 bad input (unknown flag, out-of-range value, missing file, unknown task, unsupported action).
 */
@Command(name = "mj", mixinStandardHelpOptions = true, versionProvider = MjCli.Version.class, sortOptions = false, subcommands = ServeCommand.class,
        description = "One command line over every Midjourney API vendor. With no provider configured it runs on the built-in sandbox.",
        footer = {"", "Configuration: MJ_PROVIDER, MJ_<ID>_API_KEY, MJ_<ID>_BASE_URL, MJ_<ID>_OPT_<NAME>, or ~/.mj4j/config",
                "(provider=acedata, acedata.api_key=..., acedata.base_url=...). MJ4J_HOME moves ~/.mj4j."})
public final class MjCli {
    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a vendor or task failure. */
    public static final int FAILED = 1;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public MjCli(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** The environment this command line was run with (for {@link ServeCommand}). */
    Map<String, String> environment() { return env; }

    /** Entry point. */
    public static void main(String[] args) {
        CliLogging.configure(args);
        System.setProperty("java.awt.headless", "true");
        Map<String, String> env = System.getenv();
        // before the first log line: the simple logger writes to whatever System.err is at the time
        List<String> secrets = secrets(env);
        System.setOut(RedactingStream.wrap(System.out, secrets));
        System.setErr(RedactingStream.wrap(System.err, secrets));
        System.exit(run(args, env, System.out, System.err, System.console() != null));
    }

    /** The API keys of the environment and the config file (a broken file is reported by the command itself). */
    private static List<String> secrets(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        try {
            all.putAll(new CliConfig(env).environment());
        } catch (RuntimeException reportedLater) {
            // the command reads the configuration again and reports the problem
        }
        return all.entrySet().stream().filter(e -> e.getKey().endsWith("_API_KEY")).map(Map.Entry::getValue).toList();
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream rawOut, PrintStream rawErr, boolean terminal) {
        List<String> secrets = secrets(env);
        PrintStream out = RedactingStream.wrap(rawOut, secrets);
        PrintStream err = RedactingStream.wrap(rawErr, secrets);
        CommandLine cl = new CommandLine(new MjCli(env, out, err, terminal));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --shape landscape, as the README writes it
        // one plain line, not the whole usage text: bad input is common and the usage hides the message
        cl.setParameterExceptionHandler((e, badArgs) -> {
            err.println("error: " + e.getMessage());
            err.println("(see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + e.getMessage());
            return e instanceof NoSuchFileException ? BAD_INPUT : FAILED;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Options every task command has. */
    static final class Common {
        @Option(names = "--provider", description = "Provider id to use (see `mj providers`).")
        String provider;
        @Option(names = "--sandbox", description = "Run on the built-in simulator of this vendor.")
        String sandbox;
        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;
        @Option(names = "--no-wait", description = "Return the task id at once.")
        boolean noWait;
        @Option(names = "--out", description = "Where results are downloaded (default ./mj-out).", defaultValue = "mj-out")
        Path out;
        @Option(names = "--timeout", description = "Longest wait, e.g. PT10M or 90s (default 10m); must be positive.",
                defaultValue = "10m", converter = DurationConverter.class)
        Duration timeout;
        @Option(names = "--verbose", description = "Log HTTP exchanges (keys are always hidden).")
        boolean verbose;
    }

    /** Accepts ISO-8601 (PT90S) or a number with s/m/h; only positive durations (a zero wait cannot succeed). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Duration d;
            try {
                if (v.startsWith("pt")) {
                    d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                } else {
                    long n = Long.parseLong(v.replaceAll("[smh]$", ""));
                    d = v.endsWith("h") ? Duration.ofHours(n) : v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
                }
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use 90s, 10m or PT10M)");
            }
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("must be positive, got '" + value + "' (use 90s, 10m or PT10M)");
            }
            return d;
        }
    }

    /** An absolute http(s) URL: vendors fetch the images themselves, so a local path cannot work. */
    static final class HttpUrlConverter implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI u = new URI(value.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                    return u;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not an http(s) URL; the vendor downloads the"
                    + " image itself, so give a public link (upload a local file somewhere first)");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"mj4j " + io.mj4j.core.Version.VERSION};
        }
    }

    // ------------------------------------------------------------------ root actions

    @Command(name = "imagine", description = "Text (and image prompts) to a 2x2 grid. Flags like --ar 16:9 --v 7 go inside the prompt.")
    int imagine(@Mixin Common c, @Parameters(arity = "1..*", paramLabel = "PROMPT") List<String> words) {
        return submit(c, s -> s.mj().imagine(String.join(" ", words)));
    }

    @Command(name = "describe", description = "An image URL to four prompt suggestions.")
    int describe(@Mixin Common c, @Parameters(paramLabel = "IMAGE_URL", converter = HttpUrlConverter.class) URI image) {
        return submit(c, s -> s.mj().describe(image));
    }

    @Command(name = "blend", description = "Blend 2 to 5 image URLs into a grid.")
    int blend(@Mixin Common c, @Option(names = "--shape", defaultValue = "SQUARE", description = "portrait, square or landscape") Action.BlendShape shape,
              @Parameters(arity = "2..5", paramLabel = "IMAGE_URL", converter = HttpUrlConverter.class) List<URI> images) {
        return submit(c, s -> s.mj().blend(images, shape));
    }

    // ------------------------------------------------------------------ follow-ups

    @Command(name = "upscale", description = "U1..U4: one image of a grid.")
    int upscale(@Mixin Common c, @Parameters(index = "0", paramLabel = "TASK") String task, @Parameters(index = "1", paramLabel = "INDEX") int index) {
        return followUp(c, task, () -> new Action.Upscale(index));
    }

    @Command(name = "variation", description = "V1..V4: a new grid from one image of a grid.")
    int variation(@Mixin Common c, @Parameters(index = "0", paramLabel = "TASK") String task, @Parameters(index = "1", paramLabel = "INDEX") int index) {
        return followUp(c, task, () -> new Action.Variation(index));
    }

    @Command(name = "reroll", description = "Run the grid's prompt again.")
    int reroll(@Mixin Common c, @Parameters(paramLabel = "TASK") String task) {
        return followUp(c, task, Action.Reroll::new);
    }

    @Command(name = "vary", description = "Vary (Subtle|Strong) an upscaled image.")
    int vary(@Mixin Common c, @Parameters(index = "0", paramLabel = "TASK") String task,
             @Parameters(index = "1", paramLabel = "STRENGTH", description = "subtle or strong") String strength) {
        return followUp(c, task, () -> new Action.Vary(enumValue(Action.Strength.class, strength, "strength")));
    }

    @Command(name = "zoom", description = "Zoom out an upscaled image by a factor in [1, 2], or --square.")
    int zoom(@Mixin Common c, @Parameters(index = "0", paramLabel = "TASK") String task,
             @Parameters(index = "1", arity = "0..1", paramLabel = "FACTOR", defaultValue = "2") double factor,
             @Option(names = "--square", description = "Make Square instead") boolean square,
             @Option(names = "--prompt", description = "A new prompt for the zoomed image (Custom Zoom); default: the parent's") String prompt) {
        return followUp(c, task, () -> {
            Action.Zoom zoom = square ? Action.Zoom.makeSquare() : Action.Zoom.out(factor);
            return prompt == null ? zoom : zoom.withPrompt(prompt);
        });
    }

    @Command(name = "pan", description = "Pan an upscaled image left, right, up or down.")
    int pan(@Mixin Common c, @Parameters(index = "0", paramLabel = "TASK") String task,
            @Parameters(index = "1", paramLabel = "DIRECTION") String direction,
            @Option(names = "--prompt", description = "A new prompt for the extended area") String prompt) {
        return followUp(c, task, () -> new Action.Pan(enumValue(Action.Direction.class, direction, "direction"), Optional.ofNullable(prompt)));
    }

    @Command(name = "vary-region", description = "Vary (Region) of an upscaled image with a black-and-white PNG mask (white = regenerate).")
    int varyRegion(@Mixin Common c, @Parameters(paramLabel = "TASK") String task,
                   @Option(names = "--mask", required = true, description = "PNG file, same size as the image") Path mask,
                   @Option(names = "--prompt", description = "What to put in the region") String prompt) {
        return followUp(c, task, () -> Action.VaryRegion.of(InputChecks.mask(mask), prompt));
    }

    @Command(name = "animate", description = "Image to short video.")
    int animate(@Mixin Common c, @Parameters(paramLabel = "TASK") String task,
                @Option(names = "--motion", defaultValue = "low", description = "low or high") String motion,
                @Option(names = "--hd", description = "Higher resolution where the vendor has it") boolean hd) {
        return followUp(c, task, () -> new Action.Animate(enumValue(Action.Motion.class, motion, "motion"), Optional.empty(), hd));
    }

    @Command(name = "seed", description = "The seed of a finished job.")
    int seed(@Mixin Common c, @Parameters(paramLabel = "TASK") String task) {
        return followUp(c, task, Action.Seed::new);
    }

    // ------------------------------------------------------------------ tasks

    @Command(name = "status", description = "What the history knows of a task.")
    int status(@Mixin Common c, @Parameters(paramLabel = "TASK") String task) {
        return withSession(c, s -> {
            TaskRecord r = s.history().find(resolve(s, task)).orElseThrow();
            print(c, s, r, List.of());
            return 0;
        });
    }

    @Command(name = "wait", description = "Wait for a task (tracking it again if needed) and download its results.")
    int waitFor(@Mixin Common c, @Parameters(paramLabel = "TASK") String task) {
        return withSession(c, () -> InputChecks.outputFolder(c.out, "--out"), s -> finish(c, s, s.mj().resume(resolve(s, task))));
    }

    @Command(name = "cancel", description = "Cancel a task the vendor has not started.")
    int cancel(@Mixin Common c, @Parameters(paramLabel = "TASK") String task) {
        return withSession(c, s -> {
            Task t = s.mj().resume(resolve(s, task));
            TaskSnapshot after = t.cancel().get(c.timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            print(c, s, s.history().find(t.id()).orElseThrow(), List.of());
            return after.status() == TaskStatus.CANCELLED ? 0 : FAILED;
        });
    }

    @Command(name = "list", description = "Recent tasks, newest first.")
    int list(@Mixin Common c, @Option(names = "--limit", defaultValue = "20") int limit) {
        return withSession(c, s -> {
            List<TaskRecord> all = s.history().recent(Math.max(0, limit));
            if (c.json) {
                ArrayNode arr = TaskJson.JSON.createArrayNode();
                all.forEach(r -> arr.add(TaskJson.record(r)));
                out.println(arr);
            } else {
                out.printf("%-36s  %-9s  %-12s  %-10s  %4s  %s%n", "TASK", "PROVIDER", "ACTION", "STATUS", "%", "CREATED");
                for (TaskRecord r : all) {
                    out.printf("%-36s  %-9s  %-12s  %-10s  %4s  %s%n", r.id(), r.providerId(), r.action().kind(), r.snapshot().status(),
                            r.snapshot().progress().isPresent() ? String.valueOf(r.snapshot().progress().getAsInt()) : "", r.createdAt());
                }
            }
            return 0;
        });
    }

    @Command(name = "balance", description = "The account balance of the provider.")
    int balance(@Mixin Common c) {
        return withSession(c, s -> {
            Balance b = s.mj().balance(s.provider());
            if (c.json) {
                out.println(TaskJson.JSON.createObjectNode().put("provider", s.provider()).put("amount", b.amount()).put("unit", b.unit()));
            } else {
                out.println(s.provider() + ": " + b.amount().toPlainString() + " " + b.unit());
            }
            return 0;
        });
    }

    @Command(name = "providers", description = "The providers found, and what each supports.")
    int providers(@Option(names = "--json") boolean json) {
        ProviderRegistry registry = ProviderRegistry.load();
        ArrayNode arr = TaskJson.JSON.createArrayNode();
        for (String id : registry.ids()) {
            MjProviderFactory f = registry.get(id);
            Optional<ProviderDescriptor> configured = configuredCapabilities(id);
            // a provider configured here reports what its instance can do (its options, e.g. mjproxy's lineage)
            ProviderDescriptor d = configured.orElse(f.descriptor());
            if (json) {
                ObjectNode n = arr.addObject().put("id", id).put("name", d.displayName()).put("baseUri", d.defaultBaseUri().toString());
                n.put("configured", configured.isPresent());
                d.actions().stream().map(Enum::name).sorted().forEach(n.putArray("actions")::add);
                d.features().stream().map(Enum::name).sorted().forEach(n.putArray("features")::add);
                n.put("sandbox", io.mj4j.sandbox.MjSandbox.vendors().contains(id));
            } else {
                out.printf("%-10s %-28s sandbox:%-3s%s%n  actions:  %s%n  features: %s%n", id, d.displayName(),
                        io.mj4j.sandbox.MjSandbox.vendors().contains(id) ? "yes" : "no", configured.isPresent() ? " (as configured)" : "",
                        d.actions().stream().map(Enum::name).sorted().toList(), d.features().stream().map(Enum::name).sorted().toList());
            }
        }
        if (json) {
            out.println(arr);
        }
        return 0;
    }

    /**
     * What the provider {@code id} can do as configured in this environment (a base URL set): the capabilities of
     * an instance built with its options, without any request; empty when it is not configured or the configuration
     * is refused (the command that uses it says why).
     */
    private Optional<ProviderDescriptor> configuredCapabilities(String id) {
        Map<String, String> environment = new CliConfig(env).environment();
        if (io.mj4j.core.ProviderConfig.fromEnvironment(id, environment).baseUri().isEmpty()) {
            return Optional.empty();
        }
        try (io.mj4j.core.Mj mj = io.mj4j.core.Mj.builder().environment(environment).provider(id).workerThreads(1).build()) {
            return Optional.of(mj.descriptor(id));
        } catch (RuntimeException refused) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    interface Work {
        int run(Session s) throws Exception;
    }

    private int withSession(Common c, Work work) {
        return withSession(c, () -> { }, work);
    }

    /** Runs {@code checks} (bad input: exit 2, before the configuration is read or anything is sent), then the work. */
    private int withSession(Common c, Runnable checks, Work work) {
        try {
            checks.run();
            try (Session s = Session.open(new CliConfig(env), c.provider, c.sandbox, err)) {
                return work.run(s);
            }
        } catch (Exception e) {
            return failure(e);
        }
    }

    private int failure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
                ? e.getCause() : e;
        boolean badInput = cause instanceof InvalidRequestException || cause instanceof UnsupportedActionException
                || cause instanceof MjConfigurationException || cause instanceof NoSuchFileException
                || cause instanceof IllegalArgumentException;
        // bad input reads as a plain sentence; a vendor or task failure keeps its type (AuthenticationException, ...)
        String kind = cause instanceof MjException && !badInput ? cause.getClass().getSimpleName() + ": " : "";
        err.println("error: " + kind + (cause instanceof NoSuchFileException ? "no such file: " + cause.getMessage() : cause.getMessage()));
        return badInput ? BAD_INPUT : FAILED;
    }

    private int submit(Common c, Function<Session, Task> start) {
        return withSession(c, () -> checkOutput(c), s -> finish(c, s, start.apply(s)));
    }

    /** The action is built (and so checked) before the session opens and before the parent task is looked up. */
    private int followUp(Common c, String taskRef, java.util.function.Supplier<Action> action) {
        Action[] built = new Action[1];
        return withSession(c, () -> {
            checkOutput(c);
            built[0] = action.get();
        }, s -> finish(c, s, s.mj().followUp(resolve(s, taskRef), built[0])));
    }

    private static void checkOutput(Common c) {
        if (!c.noWait) {
            InputChecks.outputFolder(c.out, "--out");
        }
    }

    private static String resolve(Session s, String ref) {
        Optional<String> id = s.history().resolveId(ref);
        if (id.isPresent()) {
            return id.get();
        }
        List<String> candidates = s.history().idsStartingWith(ref, 6);
        String where = "the history" + (s.sandboxed() ? " of the sandbox" : "");
        if (candidates.size() > 1) {
            throw new InvalidRequestException("Task '" + ref + "' is ambiguous: it begins " + (candidates.size() > 5
                    ? "more than 5 ids in " + where + ", among them " + String.join(", ", candidates.subList(0, 5))
                    : candidates.size() + " ids in " + where + ": " + String.join(", ", candidates)) + "; give more characters");
        }
        if (candidates.size() == 1) { // a unique match of fewer than 4 characters
            throw new InvalidRequestException("Task '" + ref + "' is too short to name a task: give at least 4 characters (" + candidates.get(0) + ")");
        }
        throw new InvalidRequestException("Unknown task '" + ref + "': not in " + where + " (see `mj list`)");
    }

    private int finish(Common c, Session s, Task task) throws Exception {
        if (c.noWait) {
            TaskSnapshot accepted = task.accepted().get(c.timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            print(c, s, latest(s, task.id(), accepted), List.of());
            return 0;
        }
        if (!c.json) {
            task.onUpdate(new Progress(err, terminal));
        }
        TaskSnapshot done;
        try {
            done = task.await(c.timeout);
        } catch (MjException e) {
            s.history().find(task.id()).ifPresent(r -> print(c, s, r, List.of()));
            throw e;
        }
        List<Path> files = download(c, s, task.id(), done);
        print(c, s, latest(s, task.id(), done), files);
        return 0;
    }

    /**
     * The stored task as the engine last saw it: normally the history's own record; when the history could not record
     * the last change (another mj process was handing the shared file over; the engine kept it in memory and said so),
     * the stored record with {@code seen}, so the output never shows an older state than the one just reached.
     */
    private static TaskRecord latest(Session s, String id, TaskSnapshot seen) {
        TaskRecord stored = s.history().find(id).orElseThrow();
        return stored.snapshot().status().rank() >= seen.status().rank() ? stored : stored.withSnapshot(seen, java.time.Instant.now());
    }

    private static List<Path> download(Common c, Session s, String id, TaskSnapshot done) {
        List<Path> files = new ArrayList<>();
        Optional<TaskResult> r = done.result();
        if (r.isEmpty()) {
            return files;
        }
        Downloads d = new Downloads(AddressPolicy.forVendor(s.vendorBaseUri()));
        if (r.get().grid().isPresent()) {
            Path grid = d.download(s.resultUrl(r.get().grid().get().url()), c.out, id);
            files.add(grid);
            files.addAll(d.splitGrid(grid, id));
        }
        // with a grid, the single images (where a vendor lists them too) are its cells, already split above
        for (int i = 0; r.get().grid().isEmpty() && i < r.get().images().size(); i++) {
            files.add(d.download(s.resultUrl(r.get().images().get(i).url()), c.out, r.get().images().size() == 1 ? id : id + "-" + (i + 1)));
        }
        for (int i = 0; i < r.get().videos().size(); i++) {
            files.add(d.download(s.resultUrl(r.get().videos().get(i)), c.out, id + "-video" + (r.get().videos().size() == 1 ? "" : "-" + (i + 1))));
        }
        return files;
    }

    private void print(Common c, Session s, TaskRecord r, List<Path> files) {
        if (c.json) {
            ObjectNode n = TaskJson.record(r);
            n.put("sandbox", s.sandboxed());
            ArrayNode f = n.putArray("files");
            files.forEach(p -> f.add(p.toString()));
            out.println(n);
            return;
        }
        TaskSnapshot snap = r.snapshot();
        out.println("task " + r.id() + "  " + r.providerId() + "  " + r.action().kind() + "  " + snap.status()
                + snap.progress().stream().mapToObj(p -> "  " + p + "%").findFirst().orElse(""));
        snap.failure().ifPresent(f -> out.println("  failure: " + f.category() + (f.vendorMessage().isEmpty() ? "" : ": " + f.vendorMessage())));
        snap.result().ifPresent(res -> {
            res.texts().forEach(t -> out.println("  " + t));
            res.seed().ifPresent(seed -> out.println("  seed: " + seed));
        });
        if (!snap.followUps().isEmpty()) {
            out.println("  next: " + snap.followUps().stream().map(Object::toString).sorted().toList());
        }
        files.forEach(p -> out.println("  " + p));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name + ": must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
        }
    }
}
