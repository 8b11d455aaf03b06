package io.mj4j.provider.mjproxy;

import io.mj4j.provider.mjproxy.internal.MjProxyOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SpeedMode;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code mjproxy} provider: any server speaking the midjourney-proxy protocol (self-hosted OSS v2,
 * midjourney-proxy-plus, trueai-org's server, new-api based aggregators). Found by {@link java.util.ServiceLoader}.
 *
 * <p>Options ({@code MJ_MJPROXY_OPT_<NAME>}; validated in {@link #create}, a bad value or an unknown key is an
 * {@link io.mj4j.spi.InvalidRequestException} naming it):
 * <ul>
 *   <li>{@value #OPT_LINEAGE}: {@code auto} (default: detected from the server's answers, see
 *       {@code internal.LineageDetector}; Plus routes until then) | {@code plus} |
 *       {@code trueai} | {@code oss} | {@code newapi}: the server
 *       family (mjproxy.md §0); sets the defaults below;</li>
 *   <li>{@value #OPT_AUTH_HEADER}: {@code mj-api-secret} (default for plus, oss) | {@code authorization}
 *       (raw key, default for trueai) | {@code bearer} ({@code Authorization: Bearer}, default for newapi);
 *       without an API key no header is sent (§2);</li>
 *   <li>{@value #OPT_PATH_PREFIX}: the API's context path, default {@code /mj} (§1);</li>
 *   <li>{@value #OPT_SPEED_PREFIX}: {@code none} (default) | {@code mj} ({@code /mj-fast/mj/...}) |
 *       {@code bare} ({@code /fast/mj/...}): put the prompt's speed flag into the path too (§1);</li>
 *   <li>{@value #OPT_FOLLOW_UPS}: {@code action} (button customIds, default) | {@code change}
 *       ({@code /submit/change}: U/V/reroll only; default for oss);</li>
 *   <li>{@value #OPT_LOOKUP}: {@code query} (Plus {@code /task/query}, default for plus) | {@code list}
 *       ({@code /task/list}, default for oss and trueai) | {@code none} (default for newapi);</li>
 *   <li>{@value #OPT_CANCEL}: {@code true} (default for plus, trueai) | {@code false};</li>
 *   <li>{@value #OPT_IMAGE_URLS}: {@code true} (default except oss) | {@code false}: whether blend and describe
 *       may send http(s) image URLs where the protocol documents base64 data URLs (§5.5, §5.6).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class MjProxyProviderFactory implements MjProviderFactory {
    /** The provider id. */
    public static final String ID = "mjproxy";
    /**
     * The protocol is self-hosted (mjproxy.md §1): there is no vendor host to default to, and defaulting to some
     * third party would send the key there when the base URL is forgotten. The default is a placeholder in the
     * reserved {@code .invalid} domain that {@link #create} refuses, asking for {@code MJ_MJPROXY_BASE_URL}.
     */
    public static final URI DEFAULT_BASE_URI = URI.create("https://set-mj-mjproxy-base-url.invalid");
    /** Most ids per list-by-condition call: §5.9 documents no limit; 50 keeps bodies and replies small. */
    public static final int MAX_BATCH = 50;
    /** §11: "Poll every 3-5 s". */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(3);

    public static final String OPT_LINEAGE = MjProxyOptions.LINEAGE;
    public static final String OPT_AUTH_HEADER = MjProxyOptions.AUTH_HEADER;
    public static final String OPT_PATH_PREFIX = MjProxyOptions.PATH_PREFIX;
    public static final String OPT_SPEED_PREFIX = MjProxyOptions.SPEED_PREFIX;
    public static final String OPT_FOLLOW_UPS = MjProxyOptions.FOLLOW_UPS;
    public static final String OPT_LOOKUP = MjProxyOptions.LOOKUP;
    public static final String OPT_CANCEL = MjProxyOptions.CANCEL;
    public static final String OPT_IMAGE_URLS = MjProxyOptions.IMAGE_URLS;

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor
            .builder(ID, "midjourney-proxy protocol (mj-api-secret)", DEFAULT_BASE_URI)
            .actions(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.DESCRIBE, ActionKind.SHORTEN,
                    ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL, ActionKind.VARY,
                    ActionKind.UPSCALE_MORE, ActionKind.ZOOM, ActionKind.PAN, ActionKind.VARY_REGION,
                    ActionKind.ANIMATE, ActionKind.SEED, ActionKind.CUSTOM)
            .features(Feature.BATCH_FETCH, Feature.CANCEL, Feature.CALLBACKS, Feature.LOOKUP_BY_REFERENCE)
            .speedModes(SpeedMode.RELAX, SpeedMode.FAST, SpeedMode.TURBO)
            .maxBatchSize(MAX_BATCH)
            .minPollInterval(MIN_POLL_INTERVAL)
            .build();

    /** The ServiceLoader constructor. */
    public MjProxyProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MjProvider create(ProviderContext context) {
        String host = context.baseUri().getHost();
        if (host == null || host.endsWith(".invalid")) {
            throw new InvalidRequestException("mjproxy needs the base URL of your midjourney-proxy server or aggregator: set "
                    + "MJ_MJPROXY_BASE_URL or ProviderConfig.baseUri(...) (got " + context.baseUri() + ")");
        }
        return new MjProxyProvider(context);
    }
}
