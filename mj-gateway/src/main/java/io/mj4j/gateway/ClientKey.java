package io.mj4j.gateway;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One client of the gateway: a name (kept with its tasks; never the secret), the secret it sends as
 * {@code mj-api-secret} or {@code Authorization: Bearer}, and an optional budget in the price table's currency
 * (the prices of its accepted tasks may not pass it). {@link #toString()} hides the secret.
 *
 * @param name   1..64 characters of {@code [A-Za-z0-9._-]}
 * @param secret at least 8 characters
 * @param budget the most this client may spend, when limited
 */
public record ClientKey(String name, String secret, Optional<BigDecimal> budget) {
    public ClientKey {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("client key name must be 1..64 characters of [A-Za-z0-9._-], got '" + name + "'");
        }
        if (secret == null || secret.length() < 8 || secret.isBlank()) {
            throw new IllegalArgumentException("the secret of client key '" + name + "' must have at least 8 characters");
        }
        Objects.requireNonNull(budget, "budget");
        budget.ifPresent(b -> {
            if (b.signum() < 0) {
                throw new IllegalArgumentException("the budget of client key '" + name + "' must be >= 0, got " + b);
            }
        });
    }

    /** A key without a budget. */
    public static ClientKey of(String name, String secret) {
        return new ClientKey(name, secret, Optional.empty());
    }

    /**
     * Parses {@code name:secret[:budget]} entries separated by commas or new lines ({@code MJ_GATEWAY_KEYS}, the
     * {@code --keys-file}); blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the entry's position (never its secret)
     */
    public static List<ClientKey> parseAll(String text) {
        List<ClientKey> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int n = 0;
        for (String raw : text.split("[,\\n]")) {
            String entry = raw.strip();
            n++;
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("client key entry " + n + " must be name:secret or name:secret:budget");
            }
            Optional<BigDecimal> budget = Optional.empty();
            if (parts.length == 3) {
                try {
                    budget = Optional.of(new BigDecimal(parts[2].strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("client key entry " + n + " ('" + parts[0] + "'): the budget is not a number");
                }
            }
            ClientKey key = new ClientKey(parts[0].strip(), parts[1].strip(), budget);
            if (out.stream().anyMatch(k -> k.name().equals(key.name()))) {
                throw new IllegalArgumentException("client key '" + key.name() + "' is given twice");
            }
            out.add(key);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ClientKey[" + name + ", secret=****" + budget.map(b -> ", budget=" + b.toPlainString()).orElse("") + "]";
    }
}
