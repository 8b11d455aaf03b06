package io.mj4j.testkit.engine;

import io.mj4j.core.Mj;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A missing API key fails at build()")
class MissingKeyTest {
    /** A vendor that refuses every request without a key, and says so in its descriptor. Counts created providers. */
    static final class KeyedVendor implements MjProviderFactory {
        final AtomicInteger created = new AtomicInteger();
        private final boolean requires;

        KeyedVendor(boolean requires) {
            this.requires = requires;
        }

        @Override
        public ProviderDescriptor descriptor() {
            ProviderDescriptor.Builder b = ProviderDescriptor.builder("keyed-vendor", "Keyed", URI.create("https://keyed.example"))
                    .actions(ActionKind.IMAGINE);
            return (requires ? b.requiresApiKey() : b).build();
        }

        @Override
        public MjProvider create(ProviderContext context) {
            created.incrementAndGet();
            return new MjProvider() {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                public TaskSnapshot fetch(TaskRef task) {
                    throw new UnsupportedOperationException("not used");
                }
            };
        }
    }

    @Test
    @DisplayName("a provider whose vendor needs a key, without one: build() fails naming MJ_KEYED_VENDOR_API_KEY; nothing created")
    void missingKeyFailsAtBuild() {
        KeyedVendor vendor = new KeyedVendor(true);
        assertThatThrownBy(() -> Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of()).provider("keyed-vendor").build())
                .isInstanceOf(MjConfigurationException.class)
                .hasMessageContaining("MJ_KEYED_VENDOR_API_KEY").hasMessageContaining("keyed-vendor");
        assertThat(vendor.created).hasValue(0);
    }

    @Test
    @DisplayName("the key from the environment, or a vendor that needs none: build() succeeds")
    void keyPresentOrNotNeeded() {
        KeyedVendor keyed = new KeyedVendor(true);
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(keyed)).environment(Map.of("MJ_KEYED_VENDOR_API_KEY", "k-123456"))
                .provider("keyed-vendor").build()) {
            assertThat(mj.providers()).containsExactly("keyed-vendor");
        }
        KeyedVendor open = new KeyedVendor(false);
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(open)).environment(Map.of()).provider("keyed-vendor", ProviderConfig.builder().build()).build()) {
            assertThat(open.created).hasValue(1);
        }
    }
}
