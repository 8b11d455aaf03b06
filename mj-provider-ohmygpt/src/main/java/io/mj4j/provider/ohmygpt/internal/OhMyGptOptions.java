package io.mj4j.provider.ohmygpt.internal;

import io.mj4j.spi.InvalidRequestException;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vendor options the provider reads (from {@code MJ_OHMYGPT_OPT_<NAME>} or the provider config),
 * validated once in {@code create()}:
 *
 * <ul>
 *   <li>{@code pool} — {@code FAST} (default, the vendor's default) or {@code NORMAL}: the resource pool
 *       ({@code type}, ohmygpt.md §5.1) of root submits whose prompt has no {@code --fast}/{@code --relax}
 *       flag. Follow-ups use their parent's pool (§5.2).</li>
 *   <li>{@code prefer_image} — {@code s3} (default) or {@code discord}: which of {@code imageS3Url} and
 *       {@code imageDcUrl} a result reports first when both are set (ohmygpt.md §13 recommends the stable
 *       object-storage copy; the other one is the fallback).</li>
 * </ul>
 *
 * Any other key is refused, naming it, so a typo does not pass silently.
 *
 * @param pool          FAST or NORMAL
 * @param preferDiscord true to report the Discord CDN URL first
 */
public record OhMyGptOptions(String pool, boolean preferDiscord) {
    /** Option key of the default pool. */
    public static final String POOL = "pool";
    /** Option key of the preferred image copy. */
    public static final String PREFER_IMAGE = "prefer_image";
    /** ohmygpt.md §5.1: the fast pool, the vendor's default. */
    public static final String FAST = "FAST";
    /** ohmygpt.md §5.1: the cheaper, slower pool. */
    public static final String NORMAL = "NORMAL";

    private static final Set<String> KNOWN = Set.of(POOL, PREFER_IMAGE);

    /** Reads and validates {@code options}. @throws InvalidRequestException naming a bad option */
    public static OhMyGptOptions parse(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new InvalidRequestException("option '" + key + "' is not known to provider ohmygpt (known: "
                        + String.join(", ", new TreeSet<>(KNOWN)) + ")");
            }
        }
        String pool = options.getOrDefault(POOL, FAST).strip().toUpperCase(Locale.ROOT);
        if (!pool.equals(FAST) && !pool.equals(NORMAL)) {
            throw new InvalidRequestException("option 'pool' must be FAST or NORMAL, got '" + options.get(POOL) + "'");
        }
        String prefer = options.getOrDefault(PREFER_IMAGE, "s3").strip().toLowerCase(Locale.ROOT);
        if (!prefer.equals("s3") && !prefer.equals("discord")) {
            throw new InvalidRequestException("option 'prefer_image' must be s3 or discord, got '"
                    + options.get(PREFER_IMAGE) + "'");
        }
        return new OhMyGptOptions(pool, prefer.equals("discord"));
    }
}
