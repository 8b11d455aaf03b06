package io.mj4j.spi;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A Midjourney prompt: free text, leading image prompts, and the structured parameters. {@link #parse}
 * reads a raw prompt such as {@code "https://x/a.png a red fox --ar 16:9 --v 7 --s 250"};
 * {@link #render()} writes it back with flags (for vendors that take flags inside the text) while the
 * typed accessors serve vendors that take separate fields.
 *
 * <p>Every value is checked when the prompt is built: a bad value throws {@link InvalidRequestException}
 * whose message names the parameter and the allowed range. Flags mj4j does not model (for example
 * {@code --stop 50}) are kept verbatim in {@link #otherParameters()} and rendered back unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class Prompt {
    private static final Pattern ASPECT = Pattern.compile("[1-9][0-9]*:[1-9][0-9]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final List<BigDecimal> QUALITIES = List.of(
            new BigDecimal("0.25"), new BigDecimal("0.5"), BigDecimal.ONE, new BigDecimal("2"), new BigDecimal("4"));
    private static final long MAX_SEED = 4_294_967_295L;
    /** Longest prompt accepted (text plus parameters), in characters; vendors refuse far shorter ones anyway. */
    public static final int MAX_LENGTH = 8_000;
    /** Most image prompt URLs. */
    public static final int MAX_IMAGES = 10;

    private final String text;
    private final List<URI> imageUrls;
    private final String aspectRatio;
    private final String version;
    private final String niji;
    private final Integer stylize;
    private final Integer chaos;
    private final Integer weird;
    private final BigDecimal quality;
    private final Long seed;
    private final String no;
    private final boolean tile;
    private final String style;
    private final BigDecimal imageWeight;
    private final List<String> styleReferences;
    private final Integer styleWeight;
    private final List<URI> characterReferences;
    private final Integer characterWeight;
    private final URI omniReference;
    private final Integer omniWeight;
    private final SpeedMode speed;
    private final List<String> otherParameters;

    private Prompt(Builder b) {
        this.text = b.text == null ? "" : b.text.strip().replaceAll("\\s+", " ");
        this.imageUrls = List.copyOf(b.imageUrls);
        imageUrls.forEach(u -> Checks.requireHttpUrl("image prompt", u));
        Checks.require(!text.isEmpty() || !imageUrls.isEmpty(), "prompt", "needs text or at least one image URL");
        Checks.require(text.length() <= MAX_LENGTH, "prompt", "is " + text.length() + " characters long; at most " + MAX_LENGTH);
        Checks.require(imageUrls.size() <= MAX_IMAGES, "image prompt", "at most " + MAX_IMAGES + " URLs, got " + imageUrls.size());
        Checks.require(!text.contains(" --") && !text.startsWith("--"), "prompt",
                "text must not contain parameters; use Prompt.parse(...) or the builder's setters, got '" + text + "'");
        this.aspectRatio = b.aspectRatio;
        if (aspectRatio != null) {
            Checks.require(ASPECT.matcher(aspectRatio).matches(), "--ar", "must be W:H with positive integers, got '" + aspectRatio + "'");
        }
        this.version = b.version;
        if (version != null) {
            Checks.require(VERSION.matcher(version).matches(), "--v", "must be a version number such as 6.1 or 7, got '" + version + "'");
        }
        this.niji = b.niji;
        if (niji != null && !niji.isEmpty()) {
            Checks.require(VERSION.matcher(niji).matches(), "--niji", "must be a version number such as 6, got '" + niji + "'");
        }
        Checks.require(version == null || niji == null, "--v", "cannot be combined with --niji");
        this.stylize = range("--stylize", b.stylize, 0, 1000);
        this.chaos = range("--chaos", b.chaos, 0, 100);
        this.weird = range("--weird", b.weird, 0, 3000);
        this.quality = b.quality == null ? null : b.quality.stripTrailingZeros();
        if (quality != null) {
            Checks.require(QUALITIES.stream().anyMatch(q -> q.compareTo(quality) == 0), "--quality",
                    "must be one of .25, .5, 1, 2, 4, got " + quality.toPlainString());
        }
        this.seed = b.seed;
        if (seed != null) {
            Checks.require(seed >= 0 && seed <= MAX_SEED, "--seed", "must be in [0, 4294967295], got " + seed);
        }
        this.no = blankToNull(b.no);
        this.tile = b.tile;
        this.style = blankToNull(b.style);
        this.imageWeight = b.imageWeight;
        if (imageWeight != null) {
            Checks.require(imageWeight.compareTo(BigDecimal.ZERO) >= 0 && imageWeight.compareTo(new BigDecimal(3)) <= 0,
                    "--iw", "must be in [0, 3], got " + imageWeight.toPlainString());
        }
        this.styleReferences = List.copyOf(b.styleReferences);
        styleReferences.forEach(s -> Checks.require(!s.isBlank() && !s.contains(" "), "--sref",
                "each style reference is a URL or a style code without spaces, got '" + s + "'"));
        this.styleWeight = range("--sw", b.styleWeight, 0, 1000);
        this.characterReferences = List.copyOf(b.characterReferences);
        characterReferences.forEach(u -> Checks.requireHttpUrl("--cref", u));
        this.characterWeight = range("--cw", b.characterWeight, 0, 100);
        this.omniReference = b.omniReference;
        if (omniReference != null) {
            Checks.requireHttpUrl("--oref", omniReference);
        }
        this.omniWeight = range("--ow", b.omniWeight, 1, 1000);
        this.speed = b.speed;
        this.otherParameters = List.copyOf(b.otherParameters);
        otherParameters.forEach(p -> Checks.require(p.startsWith("--") && p.length() > 2, "parameter",
                "unmodelled parameters must start with --, got '" + p + "'"));
        Checks.require(styleWeight == null || !styleReferences.isEmpty(), "--sw", "needs --sref");
        Checks.require(characterWeight == null || !characterReferences.isEmpty(), "--cw", "needs --cref");
        Checks.require(omniWeight == null || omniReference != null, "--ow", "needs --oref");
        Checks.require(imageWeight == null || !imageUrls.isEmpty(), "--iw", "needs at least one image prompt URL");
    }

    private static Integer range(String parameter, Integer value, int min, int max) {
        if (value != null) {
            Checks.require(value >= min && value <= max, parameter, "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A prompt of plain text, no parameters. */
    public static Prompt of(String text) {
        return builder().text(text).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this prompt's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.text = text;
        b.imageUrls.addAll(imageUrls);
        b.aspectRatio = aspectRatio;
        b.version = version;
        b.niji = niji;
        b.stylize = stylize;
        b.chaos = chaos;
        b.weird = weird;
        b.quality = quality;
        b.seed = seed;
        b.no = no;
        b.tile = tile;
        b.style = style;
        b.imageWeight = imageWeight;
        b.styleReferences.addAll(styleReferences);
        b.styleWeight = styleWeight;
        b.characterReferences.addAll(characterReferences);
        b.characterWeight = characterWeight;
        b.omniReference = omniReference;
        b.omniWeight = omniWeight;
        b.speed = speed;
        b.otherParameters.addAll(otherParameters);
        return b;
    }

    /**
     * Parses a raw Midjourney prompt: leading http(s) URLs become image prompts, the text runs up to the
     * first {@code --flag}, and each flag takes the words up to the next flag as its value.
     *
     * @throws InvalidRequestException naming the parameter when a value is missing or out of range
     */
    public static Prompt parse(String raw) {
        Checks.require(raw != null && !raw.isBlank(), "prompt", "must not be blank");
        Checks.require(raw.length() <= MAX_LENGTH, "prompt", "is " + raw.length() + " characters long; at most " + MAX_LENGTH);
        List<String> tokens = new ArrayList<>(Arrays.asList(raw.strip().split("\\s+")));
        Builder b = builder();
        int i = 0;
        while (i < tokens.size() && isUrl(tokens.get(i))) {
            b.imageUrl(uri("image prompt", tokens.get(i)));
            i++;
        }
        StringBuilder text = new StringBuilder();
        while (i < tokens.size() && !isFlag(tokens.get(i))) {
            text.append(text.length() == 0 ? "" : " ").append(tokens.get(i));
            i++;
        }
        b.text(text.toString());
        while (i < tokens.size()) {
            String flag = tokens.get(i).toLowerCase(Locale.ROOT);
            String original = tokens.get(i);
            i++;
            List<String> values = new ArrayList<>();
            while (i < tokens.size() && !isFlag(tokens.get(i))) {
                values.add(tokens.get(i));
                i++;
            }
            applyFlag(b, flag, original, values);
        }
        return b.build();
    }

    private static boolean isFlag(String token) {
        return token.startsWith("--") && token.length() > 2;
    }

    private static boolean isUrl(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        return (t.startsWith("http://") || t.startsWith("https://")) && t.length() > 8;
    }

    private static void applyFlag(Builder b, String flag, String original, List<String> values) {
        switch (flag) {
            case "--ar", "--aspect" -> b.aspectRatio(single(flag, values));
            case "--v", "--version" -> b.version(single(flag, values));
            case "--niji" -> b.niji(values.isEmpty() ? "" : single(flag, values));
            case "--s", "--stylize" -> b.stylize(integer("--stylize", single(flag, values)));
            case "--c", "--chaos" -> b.chaos(integer("--chaos", single(flag, values)));
            case "--w", "--weird" -> b.weird(integer("--weird", single(flag, values)));
            case "--q", "--quality" -> b.quality(decimal("--quality", single(flag, values)));
            case "--seed" -> b.seed(longValue("--seed", single(flag, values)));
            case "--no" -> {
                Checks.require(!values.isEmpty(), "--no", "needs a value");
                b.no(String.join(" ", values));
            }
            case "--tile" -> {
                none(flag, values);
                b.tile(true);
            }
            case "--style" -> b.style(single(flag, values));
            case "--raw" -> {
                none(flag, values);
                b.style("raw");
            }
            case "--iw" -> b.imageWeight(decimal("--iw", single(flag, values)));
            case "--sref" -> {
                Checks.require(!values.isEmpty(), "--sref", "needs at least one URL or style code");
                values.forEach(b::styleReference);
            }
            case "--sw" -> b.styleWeight(integer("--sw", single(flag, values)));
            case "--cref" -> {
                Checks.require(!values.isEmpty(), "--cref", "needs at least one URL");
                values.forEach(v -> b.characterReference(uri("--cref", v)));
            }
            case "--cw" -> b.characterWeight(integer("--cw", single(flag, values)));
            case "--oref" -> b.omniReference(uri("--oref", single(flag, values)));
            case "--ow" -> b.omniWeight(integer("--ow", single(flag, values)));
            case "--fast", "--relax", "--turbo" -> {
                none(flag, values);
                b.speed(SpeedMode.valueOf(flag.substring(2).toUpperCase(Locale.ROOT)));
            }
            default -> b.otherParameter(values.isEmpty() ? original : original + " " + String.join(" ", values));
        }
    }

    private static String single(String flag, List<String> values) {
        Checks.require(values.size() == 1, flag, values.isEmpty() ? "needs a value" : "takes one value, got '" + String.join(" ", values) + "'");
        return values.get(0);
    }

    private static void none(String flag, List<String> values) {
        Checks.require(values.isEmpty(), flag, "takes no value, got '" + String.join(" ", values) + "'");
    }

    private static int integer(String parameter, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(parameter + ": must be an integer, got '" + value + "'");
        }
    }

    private static long longValue(String parameter, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(parameter + ": must be an integer, got '" + value + "'");
        }
    }

    private static BigDecimal decimal(String parameter, String value) {
        try {
            return new BigDecimal(value.startsWith(".") ? "0" + value : value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(parameter + ": must be a number, got '" + value + "'");
        }
    }

    private static URI uri(String parameter, String value) {
        try {
            URI u = new URI(value);
            Checks.requireHttpUrl(parameter, u);
            return u;
        } catch (URISyntaxException e) {
            throw new InvalidRequestException(parameter + ": not a valid URL '" + value + "'");
        }
    }

    /** The prompt rendered with image URLs first and parameters as flags, for vendors that take flags in the text. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        imageUrls.forEach(u -> sb.append(u).append(' '));
        sb.append(text);
        // strip before appending the flags: an image-only prompt has empty text, which would leave two spaces
        return (sb.toString().strip() + renderParameters()).strip();
    }

    /** Only the parameters, as flags, each preceded by a space (empty when there are none). */
    public String renderParameters() {
        StringBuilder sb = new StringBuilder();
        if (aspectRatio != null) sb.append(" --ar ").append(aspectRatio);
        if (version != null) sb.append(" --v ").append(version);
        if (niji != null) sb.append(niji.isEmpty() ? " --niji" : " --niji " + niji);
        if (stylize != null) sb.append(" --s ").append(stylize);
        if (chaos != null) sb.append(" --c ").append(chaos);
        if (weird != null) sb.append(" --w ").append(weird);
        if (quality != null) sb.append(" --q ").append(quality.toPlainString());
        if (seed != null) sb.append(" --seed ").append(seed);
        if (no != null) sb.append(" --no ").append(no);
        if (tile) sb.append(" --tile");
        if (style != null) sb.append(" --style ").append(style);
        if (imageWeight != null) sb.append(" --iw ").append(imageWeight.stripTrailingZeros().toPlainString());
        if (!styleReferences.isEmpty()) sb.append(" --sref ").append(String.join(" ", styleReferences));
        if (styleWeight != null) sb.append(" --sw ").append(styleWeight);
        if (!characterReferences.isEmpty()) {
            sb.append(" --cref");
            characterReferences.forEach(u -> sb.append(' ').append(u));
        }
        if (characterWeight != null) sb.append(" --cw ").append(characterWeight);
        if (omniReference != null) sb.append(" --oref ").append(omniReference);
        if (omniWeight != null) sb.append(" --ow ").append(omniWeight);
        if (speed != null) sb.append(" --").append(speed.name().toLowerCase(Locale.ROOT));
        otherParameters.forEach(p -> sb.append(' ').append(p));
        return sb.toString();
    }

    /** The free text, without image URLs or parameters (may be empty when the prompt is images only). */
    public String text() { return text; }
    /** Leading image prompt URLs. */
    public List<URI> imageUrls() { return imageUrls; }
    /** {@code --ar}, for example "16:9". */
    public Optional<String> aspectRatio() { return Optional.ofNullable(aspectRatio); }
    /** {@code --v}, for example "7". */
    public Optional<String> version() { return Optional.ofNullable(version); }
    /** {@code --niji}; the empty string means {@code --niji} without a version. */
    public Optional<String> niji() { return Optional.ofNullable(niji); }
    /** {@code --stylize}, 0..1000. */
    public OptionalInt stylize() { return opt(stylize); }
    /** {@code --chaos}, 0..100. */
    public OptionalInt chaos() { return opt(chaos); }
    /** {@code --weird}, 0..3000. */
    public OptionalInt weird() { return opt(weird); }
    /** {@code --quality}: .25, .5, 1, 2 or 4. */
    public Optional<BigDecimal> quality() { return Optional.ofNullable(quality); }
    /** {@code --seed}, 0..4294967295. */
    public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
    /** {@code --no}: what to leave out. */
    public Optional<String> no() { return Optional.ofNullable(no); }
    /** {@code --tile}. */
    public boolean tile() { return tile; }
    /** {@code --style}, for example "raw". */
    public Optional<String> style() { return Optional.ofNullable(style); }
    /** True for {@code --style raw}. */
    public boolean styleRaw() { return "raw".equalsIgnoreCase(style); }
    /** {@code --iw}, 0..3. */
    public Optional<BigDecimal> imageWeight() { return Optional.ofNullable(imageWeight); }
    /** {@code --sref}: URLs or style codes. */
    public List<String> styleReferences() { return styleReferences; }
    /** {@code --sw}, 0..1000. */
    public OptionalInt styleWeight() { return opt(styleWeight); }
    /** {@code --cref} URLs. */
    public List<URI> characterReferences() { return characterReferences; }
    /** {@code --cw}, 0..100. */
    public OptionalInt characterWeight() { return opt(characterWeight); }
    /** {@code --oref} URL. */
    public Optional<URI> omniReference() { return Optional.ofNullable(omniReference); }
    /** {@code --ow}, 1..1000. */
    public OptionalInt omniWeight() { return opt(omniWeight); }
    /** {@code --fast}, {@code --relax} or {@code --turbo}. */
    public Optional<SpeedMode> speed() { return Optional.ofNullable(speed); }
    /** Flags mj4j does not model, verbatim with their values (for example "--stop 50"). */
    public List<String> otherParameters() { return otherParameters; }

    private static OptionalInt opt(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt p && render().equals(p.render());
    }

    @Override
    public int hashCode() {
        return render().hashCode();
    }

    @Override
    public String toString() {
        return "Prompt[" + render() + "]";
    }

    /** Builds a {@link Prompt}; {@link #build()} validates every value. Not thread-safe. */
    public static final class Builder {
        private String text;
        private final List<URI> imageUrls = new ArrayList<>();
        private String aspectRatio;
        private String version;
        private String niji;
        private Integer stylize;
        private Integer chaos;
        private Integer weird;
        private BigDecimal quality;
        private Long seed;
        private String no;
        private boolean tile;
        private String style;
        private BigDecimal imageWeight;
        private final List<String> styleReferences = new ArrayList<>();
        private Integer styleWeight;
        private final List<URI> characterReferences = new ArrayList<>();
        private Integer characterWeight;
        private URI omniReference;
        private Integer omniWeight;
        private SpeedMode speed;
        private final List<String> otherParameters = new ArrayList<>();

        private Builder() {
        }

        public Builder text(String text) { this.text = text; return this; }
        public Builder imageUrl(URI url) { imageUrls.add(Objects.requireNonNull(url, "imageUrl")); return this; }
        public Builder aspectRatio(String ar) { this.aspectRatio = ar; return this; }
        public Builder version(String v) { this.version = v; return this; }
        public Builder niji(String niji) { this.niji = niji; return this; }
        public Builder stylize(Integer s) { this.stylize = s; return this; }
        public Builder chaos(Integer c) { this.chaos = c; return this; }
        public Builder weird(Integer w) { this.weird = w; return this; }
        public Builder quality(BigDecimal q) { this.quality = q; return this; }
        public Builder seed(Long seed) { this.seed = seed; return this; }
        public Builder no(String no) { this.no = no; return this; }
        public Builder tile(boolean tile) { this.tile = tile; return this; }
        public Builder style(String style) { this.style = style; return this; }
        public Builder styleRaw(boolean raw) { this.style = raw ? "raw" : null; return this; }
        public Builder imageWeight(BigDecimal iw) { this.imageWeight = iw; return this; }
        public Builder styleReference(String ref) { styleReferences.add(Objects.requireNonNull(ref, "styleReference")); return this; }
        public Builder styleWeight(Integer sw) { this.styleWeight = sw; return this; }
        public Builder characterReference(URI ref) { characterReferences.add(Objects.requireNonNull(ref, "characterReference")); return this; }
        public Builder characterWeight(Integer cw) { this.characterWeight = cw; return this; }
        public Builder omniReference(URI ref) { this.omniReference = ref; return this; }
        public Builder omniWeight(Integer ow) { this.omniWeight = ow; return this; }
        public Builder speed(SpeedMode speed) { this.speed = speed; return this; }
        public Builder otherParameter(String flagWithValue) { otherParameters.add(Objects.requireNonNull(flagWithValue).strip()); return this; }

        /** Validates and builds. @throws InvalidRequestException naming the first bad parameter */
        public Prompt build() {
            return new Prompt(this);
        }
    }
}
