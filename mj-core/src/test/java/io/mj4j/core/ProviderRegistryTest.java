package io.mj4j.core;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderDescriptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {

    @Test
    @DisplayName("providers listed in META-INF/services are found by id")
    void serviceLoaderFindsProviders() {
        ProviderRegistry r = ProviderRegistry.load();
        assertThat(r.ids()).contains("fake");
        assertThat(r.get("fake")).isInstanceOf(FakeVendor.class);
    }

    @Test
    @DisplayName("an unknown id is an error listing the ids found")
    void unknownIdListsFound() {
        assertThatThrownBy(() -> ProviderRegistry.of(new FakeVendor("a"), new FakeVendor("b")).get("c"))
                .isInstanceOf(MjConfigurationException.class).hasMessageContaining("'c'").hasMessageContaining("[a, b]");
    }

    @Test
    @DisplayName("with no provider at all, the error says to add a provider jar")
    void noneFound() {
        assertThatThrownBy(() -> ProviderRegistry.of().get("acedata"))
                .isInstanceOf(MjConfigurationException.class).hasMessageContaining("no provider found on the classpath");
    }

    @Test
    @DisplayName("a duplicate id is an error naming both classes")
    void duplicateId() {
        assertThatThrownBy(() -> ProviderRegistry.of(new FakeVendor("a")).with(new FakeVendor("a")))
                .isInstanceOf(MjConfigurationException.class).hasMessageContaining("Duplicate provider id 'a'")
                .hasMessageContaining(FakeVendor.class.getName());
    }

    @Test
    @DisplayName("a provider built for a newer SPI is refused")
    void newerSpiRefused() {
        MjProviderFactory future = new FakeVendor("future") {
            @Override
            public ProviderDescriptor descriptor() {
                ProviderDescriptor d = super.descriptor();
                return new ProviderDescriptor(d.id(), d.displayName(), MjProviderFactory.SPI_VERSION + 1, d.actions(), d.features(),
                        d.speedModes(), URI.create("https://f.example"), 0, d.minPollInterval(), 0, false);
            }
        };
        assertThatThrownBy(() -> ProviderRegistry.of(future)).isInstanceOf(MjConfigurationException.class).hasMessageContaining("SPI version");
    }
}
