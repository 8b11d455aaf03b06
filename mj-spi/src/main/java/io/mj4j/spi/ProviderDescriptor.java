package io.mj4j.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider is and can do: id, name, the SPI version it was built against, the actions and
 * features it really supports, speed modes, its default base URI, and the vendor's polling budget.
 * The engine checks every action against {@link #actions()} before any request.
 *
 * @param id              lower-case id, for example "acedata"; the key in configuration and env vars
 * @param displayName     human name
 * @param spiVersion      {@link MjProviderFactory#SPI_VERSION} the provider was built against
 * @param actions         supported action kinds
 * @param features        optional abilities
 * @param speedModes      speed modes the vendor accepts
 * @param defaultBaseUri  the vendor's public base URI
 * @param maxBatchSize    most ids per {@link MjProvider#fetchBatch} call (0 without BATCH_FETCH)
 * @param minPollInterval the shortest interval between two polls of one task the vendor allows
 * @param maxPollsPerTask the most status checks the vendor allows per task (0 = no limit)
 * @param apiKeyRequired  true when the vendor refuses every request without an API key: the client then
 *                        refuses to build without one, naming the variable to set
 */
public record ProviderDescriptor(String id, String displayName, int spiVersion, Set<ActionKind> actions,
                                 Set<Feature> features, Set<SpeedMode> speedModes, URI defaultBaseUri,
                                 int maxBatchSize, Duration minPollInterval, int maxPollsPerTask, boolean apiKeyRequired) {
    public ProviderDescriptor {
        Checks.require(id != null && id.matches("[a-z][a-z0-9-]*"), "id", "must be lower-case letters, digits and '-', got '" + id + "'");
        Objects.requireNonNull(displayName, "displayName");
        actions = Set.copyOf(actions);
        features = Set.copyOf(features);
        speedModes = Set.copyOf(speedModes);
        Objects.requireNonNull(defaultBaseUri, "defaultBaseUri");
        Checks.require(features.contains(Feature.BATCH_FETCH) ? maxBatchSize > 0 : maxBatchSize == 0, "maxBatchSize",
                "must be > 0 exactly when BATCH_FETCH is declared, got " + maxBatchSize);
        Objects.requireNonNull(minPollInterval, "minPollInterval");
        Checks.require(maxPollsPerTask >= 0, "maxPollsPerTask", "must be >= 0");
    }

    /** A descriptor of a vendor that works without an API key (the form before {@code apiKeyRequired}). */
    public ProviderDescriptor(String id, String displayName, int spiVersion, Set<ActionKind> actions, Set<Feature> features,
                              Set<SpeedMode> speedModes, URI defaultBaseUri, int maxBatchSize, Duration minPollInterval,
                              int maxPollsPerTask) {
        this(id, displayName, spiVersion, actions, features, speedModes, defaultBaseUri, maxBatchSize, minPollInterval,
                maxPollsPerTask, false);
    }

    /** A builder; {@code id}, display name and base URI are required. */
    public static Builder builder(String id, String displayName, URI defaultBaseUri) {
        return new Builder(id, displayName, defaultBaseUri);
    }

    /** True when {@code kind} is supported. */
    public boolean supports(ActionKind kind) {
        return actions.contains(kind);
    }

    /** True when {@code feature} is declared. */
    public boolean has(Feature feature) {
        return features.contains(feature);
    }

    /** Builds a {@link ProviderDescriptor}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String displayName;
        private final URI defaultBaseUri;
        private final Set<ActionKind> actions = EnumSet.noneOf(ActionKind.class);
        private final Set<Feature> features = EnumSet.noneOf(Feature.class);
        private final Set<SpeedMode> speedModes = EnumSet.noneOf(SpeedMode.class);
        private int maxBatchSize;
        private Duration minPollInterval = Duration.ZERO;
        private int maxPollsPerTask;
        private boolean apiKeyRequired;

        private Builder(String id, String displayName, URI defaultBaseUri) {
            this.id = id;
            this.displayName = displayName;
            this.defaultBaseUri = defaultBaseUri;
        }

        public Builder actions(ActionKind... kinds) { Collections.addAll(actions, kinds); return this; }
        public Builder features(Feature... f) { Collections.addAll(features, f); return this; }
        public Builder speedModes(SpeedMode... modes) { Collections.addAll(speedModes, modes); return this; }
        public Builder maxBatchSize(int n) { this.maxBatchSize = n; return this; }
        public Builder minPollInterval(Duration d) { this.minPollInterval = d; return this; }
        public Builder maxPollsPerTask(int n) { this.maxPollsPerTask = n; return this; }
        /** The vendor needs an API key on every request (see {@link ProviderDescriptor#apiKeyRequired()}). */
        public Builder requiresApiKey() { this.apiKeyRequired = true; return this; }

        public ProviderDescriptor build() {
            return new ProviderDescriptor(id, displayName, MjProviderFactory.SPI_VERSION, actions, features, speedModes,
                    defaultBaseUri, maxBatchSize, minPollInterval, maxPollsPerTask, apiKeyRequired);
        }
    }
}
