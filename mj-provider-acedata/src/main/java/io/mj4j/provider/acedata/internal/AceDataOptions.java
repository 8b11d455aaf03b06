package io.mj4j.provider.acedata.internal;

import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.SpeedMode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vendor options of the AceData provider, read from {@link io.mj4j.spi.ProviderContext#options()} (for
 * example from {@code MJ_ACEDATA_OPT_MODE=relax}). Every option is optional:
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code mode}</td><td>{@code fast}, {@code relax}, {@code turbo}</td><td>{@code fast}</td>
 *       <td>the speed mode sent as {@code mode} when a prompt carries no {@code --fast/--relax/--turbo}
 *       (and for follow-ups, which have no prompt); acedata.md §2.1</td></tr>
 *   <tr><td>{@code translation}</td><td>{@code true}, {@code false}</td><td>{@code false}</td>
 *       <td>ask AceData to translate non-English prompts ({@code translation: true}); §2.1</td></tr>
 *   <tr><td>{@code split_images}</td><td>{@code true}, {@code false}</td><td>{@code false}</td>
 *       <td>ask for the four grid cells as separate URLs ({@code split_images: true}); they become
 *       {@link io.mj4j.spi.TaskResult#images()} of grid results; §2.1</td></tr>
 *   <tr><td>{@code auth_scheme}</td><td>{@code bearer}, {@code raw}</td><td>{@code bearer}</td>
 *       <td>{@code Authorization: Bearer <key>} as in the OpenAPI spec, or the bare key as one vendor guide
 *       shows; §4.2</td></tr>
 * </table>
 *
 * An unknown option name or a bad value fails {@code AceDataProviderFactory.create} with an
 * {@link InvalidRequestException} naming it. Immutable and thread-safe.
 *
 * @param mode        default speed mode
 * @param translation whether to send {@code translation: true}
 * @param splitImages whether to send {@code split_images: true}
 * @param bearer      whether the key is sent as {@code Bearer <key>} (else bare)
 */
public record AceDataOptions(SpeedMode mode, boolean translation, boolean splitImages, boolean bearer) {
    /** Option name: default speed mode. */
    public static final String MODE = "mode";
    /** Option name: prompt translation. */
    public static final String TRANSLATION = "translation";
    /** Option name: split grid images. */
    public static final String SPLIT_IMAGES = "split_images";
    /** Option name: how the key is put into the Authorization header. */
    public static final String AUTH_SCHEME = "auth_scheme";

    private static final Set<String> NAMES = Set.of(MODE, TRANSLATION, SPLIT_IMAGES, AUTH_SCHEME);

    /** The defaults: fast, no translation, no split images, Bearer. */
    public static AceDataOptions defaults() {
        return new AceDataOptions(SpeedMode.FAST, false, false, true);
    }

    /**
     * Reads and validates {@code options}.
     *
     * @throws InvalidRequestException naming the first unknown option or bad value
     */
    public static AceDataOptions parse(Map<String, String> options) {
        for (String name : new TreeSet<>(options.keySet())) {
            if (!NAMES.contains(name)) {
                throw new InvalidRequestException("acedata option '" + name + "' is unknown; known options: "
                        + new TreeSet<>(NAMES));
            }
        }
        SpeedMode mode = SpeedMode.FAST;
        String m = value(options, MODE);
        if (m != null) {
            mode = switch (m) {
                case "fast" -> SpeedMode.FAST;
                case "relax" -> SpeedMode.RELAX;
                case "turbo" -> SpeedMode.TURBO;
                default -> throw bad(MODE, options.get(MODE), "fast, relax or turbo");
            };
        }
        boolean bearer = true;
        String a = value(options, AUTH_SCHEME);
        if (a != null) {
            bearer = switch (a) {
                case "bearer" -> true;
                case "raw" -> false;
                default -> throw bad(AUTH_SCHEME, options.get(AUTH_SCHEME), "bearer or raw");
            };
        }
        return new AceDataOptions(mode, bool(options, TRANSLATION), bool(options, SPLIT_IMAGES), bearer);
    }

    private static String value(Map<String, String> options, String name) {
        String v = options.get(name);
        return v == null || v.isBlank() ? null : v.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean bool(Map<String, String> options, String name) {
        String v = value(options, name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, options.get(name), "true or false");
        };
    }

    private static InvalidRequestException bad(String name, String value, String allowed) {
        return new InvalidRequestException("acedata option '" + name + "' must be " + allowed + ", got '" + value + "'");
    }
}
