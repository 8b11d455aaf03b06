package io.mj4j.provider.gptunnel.internal;

import io.mj4j.spi.InvalidRequestException;

import java.util.Locale;
import java.util.Map;

/**
 * The vendor options the GPTunnel provider reads from {@link io.mj4j.spi.ProviderContext#options()} (set them with
 * {@code ProviderConfig.builder().option(name, value)} or the environment variable {@code MJ_GPTUNNEL_OPT_<NAME>}).
 * Option names are matched ignoring case, {@code '_'} and {@code '-'} ({@code use_wallet_balance},
 * {@code useWalletBalance} and {@code USE-WALLET-BALANCE} are the same option). An unknown name or a bad value is an
 * {@link InvalidRequestException} naming it, thrown when the provider is created.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>values</th><th>default</th><th>effect</th></tr>
 *   <tr><td>{@value #USE_WALLET_BALANCE}</td><td>true/false</td><td>false</td><td>send {@code useWalletBalance: true}
 *       with every create call and read the personal wallet in {@code balance()} (gptunnel.md §1, §3.1, §3.7)</td></tr>
 *   <tr><td>{@value #MASK_DATA_URI}</td><td>true/false</td><td>false</td><td>send the Vary (Region) mask as
 *       {@code data:image/png;base64,...} instead of bare base64 (gptunnel.md §3.5/§12: which one the vendor wants is
 *       unconfirmed)</td></tr>
 * </table>
 *
 * @param useWalletBalance charge the personal wallet instead of the organisation balance
 * @param maskDataUri      send masks as data URIs
 */
public record GptunnelOptions(boolean useWalletBalance, boolean maskDataUri) {
    /** Option name: charge the personal wallet. */
    public static final String USE_WALLET_BALANCE = "use_wallet_balance";
    /** Option name: send masks as data URIs. */
    public static final String MASK_DATA_URI = "mask_data_uri";

    /** All defaults: organisation balance, bare base64 masks. */
    public static GptunnelOptions defaults() {
        return new GptunnelOptions(false, false);
    }

    /** Reads and validates {@code options}. */
    public static GptunnelOptions from(Map<String, String> options) {
        boolean wallet = false;
        boolean dataUri = false;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = normalize(e.getKey());
            if (key.equals(normalize(USE_WALLET_BALANCE))) {
                wallet = bool(USE_WALLET_BALANCE, e.getValue());
            } else if (key.equals(normalize(MASK_DATA_URI))) {
                dataUri = bool(MASK_DATA_URI, e.getValue());
            } else {
                throw new InvalidRequestException("gptunnel option '" + e.getKey() + "' is unknown; known options: "
                        + USE_WALLET_BALANCE + ", " + MASK_DATA_URI);
            }
        }
        return new GptunnelOptions(wallet, dataUri);
    }

    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean bool(String name, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new InvalidRequestException("gptunnel option '" + name + "' must be true or false, got '" + value + "'");
    }
}
