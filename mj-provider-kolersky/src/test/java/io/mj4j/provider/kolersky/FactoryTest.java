package io.mj4j.provider.kolersky;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SpeedMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("The Kolersky factory")
class FactoryTest extends WireMockTestBase {

    @Test
    @DisplayName("declares exactly the actions and features Kolersky has, and the §8 polling budget")
    void descriptor() {
        ProviderDescriptor d = new KolerskyProviderFactory().descriptor();
        assertThat(d.id()).isEqualTo("kolersky");
        assertThat(d.actions()).containsExactlyInAnyOrder(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.UPSCALE,
                ActionKind.VARIATION, ActionKind.REROLL, ActionKind.ZOOM, ActionKind.PAN, ActionKind.VARY_REGION,
                ActionKind.ANIMATE, ActionKind.SEED);
        assertThat(d.features()).containsExactlyInAnyOrder(Feature.CANCEL, Feature.CALLBACKS, Feature.BALANCE);
        assertThat(d.speedModes()).containsExactlyInAnyOrder(SpeedMode.RELAX, SpeedMode.FAST, SpeedMode.TURBO);
        assertThat(d.minPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.maxPollsPerTask()).isEqualTo(60);
        assertThat(d.defaultBaseUri().toString()).isEqualTo("https://api.kolersky.com");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"follow_up_ids,child", "prompt_flags,drop", "translate,yes", "watermark,' '", "speed,fast"})
    @DisplayName("create() refuses a bad or unknown option, naming it")
    void badOption(String key, String value) {
        Throwable t = catchThrowable(() -> provider(Map.of(key, value)));
        assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining(key);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("create() accepts every documented option, case-insensitively, and sends nothing")
    void goodOptions() {
        assertThat(provider(Map.of("FOLLOW_UP_IDS", "Action", "prompt_flags", "append", "watermark", "acme", "translate", "false")))
                .isNotNull();
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("the provider's toString hides the API key")
    void toStringHidesKey() {
        assertThat(provider().toString()).doesNotContain(KEY).contains("Kolersky", "****").doesNotContain("Bearer");
    }
}
