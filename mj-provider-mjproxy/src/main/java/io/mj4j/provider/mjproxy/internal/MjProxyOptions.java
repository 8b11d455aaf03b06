package io.mj4j.provider.mjproxy.internal;

import io.mj4j.spi.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provider's options, read and validated once in {@code create()}. The lineage (mjproxy.md §0) sets
 * the defaults of every other option; each can be overridden on its own. Immutable and thread-safe.
 *
 * @param lineage     which server family speaks the protocol
 * @param authHeader  how the key travels (§2)
 * @param pathPrefix  the context path of the API, {@code /mj} on every documented server (§1)
 * @param speedPrefix whether a prompt's speed flag also selects a path segment (§1, §14)
 * @param followUps   which endpoint follow-ups use: button customIds or the legacy change endpoint (§5.2, §5.3)
 * @param lookup      how a task is found by the client reference sent in {@code state} (§13)
 * @param cancel      whether {@code /task/{id}/cancel} exists (§5.9)
 * @param imageUrls   whether http(s) image URLs may go where the protocol documents base64 data URLs (§5.5, §5.6)
 * @param autoLineage true when no lineage option was given (or {@code auto}): {@link LineageDetector} may then
 *                    replace these settings by those of the lineage the server turns out to be
 */
public record MjProxyOptions(Lineage lineage, AuthHeader authHeader, String pathPrefix, SpeedPrefix speedPrefix,
                       FollowUpRoute followUps, LookupMode lookup, boolean cancel, boolean imageUrls, boolean autoLineage) {

    public static final String LINEAGE = "lineage";
    public static final String AUTH_HEADER = "auth_header";
    public static final String PATH_PREFIX = "path_prefix";
    public static final String SPEED_PREFIX = "speed_prefix";
    public static final String FOLLOW_UPS = "follow_ups";
    public static final String LOOKUP = "lookup";
    public static final String CANCEL = "cancel";
    public static final String IMAGE_URLS = "image_urls";

    /** Every option key this provider reads. */
    public static final Set<String> KEYS = Set.of(LINEAGE, AUTH_HEADER, PATH_PREFIX, SPEED_PREFIX, FOLLOW_UPS, LOOKUP,
            CANCEL, IMAGE_URLS);

    /** §1: every documented server mounts the API under {@code /mj}. */
    public static final String DEFAULT_PATH_PREFIX = "/mj";

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    /** The server families of mjproxy.md §0. */
    public enum Lineage {
        /** midjourney-proxy-plus, the surface aggregators copy (the routes used until a lineage is detected). */
        PLUS,
        /** trueai-org/midjourney-proxy. */
        TRUEAI,
        /** novicezk/midjourney-proxy v2: no buttons, no modal, follow-ups through /submit/change. */
        OSS,
        /** new-api / one-api based aggregators. */
        NEWAPI
    }

    /** §2: the auth header styles. */
    public enum AuthHeader implements Worded {
        /** {@code mj-api-secret: <key>} (OSS, Plus; trueai and new-api accept it too). */
        MJ_API_SECRET("mj-api-secret"),
        /** {@code Authorization: Bearer <key>} (new-api aggregators). */
        BEARER("bearer"),
        /** {@code Authorization: <key>}, compared verbatim by trueai. */
        AUTHORIZATION("authorization");

        private final String word;

        AuthHeader(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    /** §1: speed-mode path segments. */
    public enum SpeedPrefix implements Worded {
        /** Never add a segment (the speed flag stays in the prompt). */
        NONE("none"),
        /** {@code /mj-fast}, {@code /mj-relax}, {@code /mj-turbo} before the path prefix (trueai, most aggregators). */
        MJ("mj"),
        /** {@code /fast}, {@code /relax}, {@code /turbo} before the path prefix (some resellers). */
        BARE("bare");

        private final String word;

        SpeedPrefix(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    /** An option value spelled differently from its constant. */
    interface Worded {
        String word();
    }

    /** §5.2 / §5.3: how follow-ups are sent. */
    public enum FollowUpRoute {
        /** {@code /submit/action} with the parent's button customId (Plus, trueai, new-api). */
        ACTION,
        /** {@code /submit/change} with action + index: only U1..U4, V1..V4 and reroll (OSS v2, older aggregators). */
        CHANGE
    }

    /** §13: how {@link io.mj4j.spi.MjProvider#lookup} finds a task by its {@code state}. */
    public enum LookupMode {
        /** Plus {@code POST /task/query {"state": ...}}. */
        QUERY,
        /** {@code GET /task/list} (recent tasks) filtered by {@code state} here (OSS v2, trueai). */
        LIST,
        /** No way: lookup throws {@link io.mj4j.spi.UnsupportedActionException}. */
        NONE
    }

    /** The word of the lineage option that asks for detection (also the meaning of no lineage option). */
    public static final String AUTO = "auto";

    /** As {@link #parse(Map, java.net.URI)} for a base URI without a path. */
    public static MjProxyOptions parse(Map<String, String> options) {
        return parse(options, null);
    }

    /**
     * Reads and validates {@code options}; a bad value or an unknown key throws {@link InvalidRequestException}
     * naming it. Without a {@code path_prefix} option, a base URI whose path already ends with {@code /mj} (as the
     * OSS server's own docs write it, §1) gets no second {@code /mj}.
     */
    public static MjProxyOptions parse(Map<String, String> options, java.net.URI baseUri) {
        String word = options.get(LINEAGE);
        boolean auto = word == null || word.strip().equalsIgnoreCase(AUTO);
        return parse(options, baseUri, auto ? Lineage.PLUS : null, auto);
    }

    /**
     * The settings of {@code detected} for a provider whose lineage option is absent or {@code auto}: the
     * lineage's defaults, under every other option the user set (an explicit option still wins).
     */
    public static MjProxyOptions detected(Map<String, String> options, java.net.URI baseUri, Lineage detected) {
        return parse(options, baseUri, detected, true);
    }

    private static MjProxyOptions parse(Map<String, String> options, java.net.URI baseUri, Lineage forced, boolean auto) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("mjproxy option '" + key + "' is unknown; known options: "
                        + KEYS.stream().sorted().toList());
            }
        }
        Lineage lineage = forced != null ? forced : choice(options, LINEAGE, Lineage.class, Lineage.PLUS);
        AuthHeader auth = options.containsKey(AUTH_HEADER)
                ? word(AUTH_HEADER, options.get(AUTH_HEADER), AuthHeader.values())
                : switch (lineage) {
                    // §2: new-api documents Bearer; trueai compares Authorization verbatim; OSS/Plus read mj-api-secret.
                    case NEWAPI -> AuthHeader.BEARER;
                    case TRUEAI -> AuthHeader.AUTHORIZATION;
                    case PLUS, OSS -> AuthHeader.MJ_API_SECRET;
                };
        String basePath = baseUri == null || baseUri.getRawPath() == null ? "" : baseUri.getRawPath().replaceAll("/+$", "");
        // §1: "http://host:8080/mj" is how the OSS docs write the base URL; do not make it /mj/mj/submit/...
        String fallbackPrefix = basePath.endsWith(DEFAULT_PATH_PREFIX) ? "" : DEFAULT_PATH_PREFIX;
        String prefix = options.getOrDefault(PATH_PREFIX, fallbackPrefix).strip();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!PATH.matcher(prefix).matches()) {
            throw new InvalidRequestException("mjproxy option '" + PATH_PREFIX + "' must be empty or like '/mj' (segments of"
                    + " letters, digits, '.', '_', '~', '-'), got '" + options.get(PATH_PREFIX) + "'");
        }
        SpeedPrefix speed = options.containsKey(SPEED_PREFIX)
                ? word(SPEED_PREFIX, options.get(SPEED_PREFIX), SpeedPrefix.values()) : SpeedPrefix.NONE;
        FollowUpRoute route = choice(options, FOLLOW_UPS, FollowUpRoute.class,
                lineage == Lineage.OSS ? FollowUpRoute.CHANGE : FollowUpRoute.ACTION);
        LookupMode lookup = choice(options, LOOKUP, LookupMode.class, switch (lineage) {
            case PLUS -> LookupMode.QUERY;
            case OSS, TRUEAI -> LookupMode.LIST;
            // §12: new-api keeps its own task table and offers neither /task/query nor /task/list.
            case NEWAPI -> LookupMode.NONE;
        });
        // §5.9: cancel is a Plus and trueai endpoint; OSS v2 lacks it and aggregators do not document it (§16).
        boolean cancel = bool(options, CANCEL, lineage == Lineage.PLUS || lineage == Lineage.TRUEAI);
        // §5.5/§5.6: OSS v2 insists on data URLs; trueai documents http URLs; Plus and new-api are unknown (§16),
        // and sending the URL is the only choice that keeps one exchange per submit.
        boolean urls = bool(options, IMAGE_URLS, lineage != Lineage.OSS);
        return new MjProxyOptions(lineage, auth, prefix, speed, route, lookup, cancel, urls, auto);
    }

    /** These settings with another lookup route (the detector's answer to a missing {@code /task/query}). */
    public MjProxyOptions withLookup(LookupMode mode) {
        return new MjProxyOptions(lineage, authHeader, pathPrefix, speedPrefix, followUps, mode, cancel, imageUrls, autoLineage);
    }

    /** True when the server has the Plus surface beyond OSS v2 (shorten, image-seed, buttons). */
    public boolean plusSurface() {
        return lineage != Lineage.OSS;
    }

    private static <E extends Enum<E>> E choice(Map<String, String> options, String key, Class<E> type, E fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        String norm = v.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(norm)) {
                return e;
            }
        }
        throw new InvalidRequestException("mjproxy option '" + key + "' must be one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
                + (key.equals(LINEAGE) ? " or " + AUTO : "") + ", got '" + v + "'");
    }

    private static <E extends Worded> E word(String key, String value, E[] values) {
        String norm = value.strip().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (e.word().equals(norm)) {
                return e;
            }
        }
        throw new InvalidRequestException("mjproxy option '" + key + "' must be one of "
                + Arrays.stream(values).map(Worded::word).toList() + ", got '" + value + "'");
    }

    private static boolean bool(Map<String, String> options, String key, boolean fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("mjproxy option '" + key + "' must be true or false, got '" + v + "'");
        };
    }
}
