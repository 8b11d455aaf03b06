package io.mj4j.core;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderDescriptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A simulated vendor's time scale ({@code MJ_<ID>_TIME_SCALE}) scales how the engine may poll it. */
class TimeScaleTest {
    /** A vendor with Kolersky's polling rules: 5 s apart at least, 60 polls per task. */
    private static final FakeVendor STRICT = new FakeVendor("strict") {
        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("strict", "Strict", URI.create("https://strict.example")).actions(ActionKind.IMAGINE)
                    .minPollInterval(Duration.ofSeconds(5)).maxPollsPerTask(60).build();
        }
    };

    private static Mj client(Map<String, String> env) {
        return Mj.builder().register(STRICT).environment(env).provider("strict").build();
    }

    @Test
    @DisplayName("MJ_<ID>_TIME_SCALE is read into the provider's config; unset means 1")
    void readFromEnvironment() {
        assertThat(ProviderConfig.fromEnvironment("strict", Map.of("MJ_STRICT_TIME_SCALE", "0.01")).timeScale()).isEqualTo(0.01);
        assertThat(ProviderConfig.fromEnvironment("strict", Map.of()).timeScale()).isEqualTo(1.0);
        assertThat(ProviderConfig.builder().timeScale(0.5).build().orElse(ProviderConfig.fromEnvironment("strict",
                Map.of("MJ_STRICT_TIME_SCALE", "0.01"))).timeScale()).as("an explicit setting wins").isEqualTo(0.5);
    }

    @Test
    @DisplayName("a bad time scale is a typed error naming the variable and the value")
    void badValue() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment("strict", Map.of("MJ_STRICT_TIME_SCALE", "fast")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("MJ_STRICT_TIME_SCALE").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment("strict", Map.of("MJ_STRICT_TIME_SCALE", "0")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("(0, 10]");
    }

    @Test
    @DisplayName("the engine scales the vendor's minimum interval down and its poll budget up by the time scale")
    void scalesTheDescriptor() {
        try (Mj mj = client(Map.of("MJ_STRICT_TIME_SCALE", "0.01"))) {
            assertThat(mj.descriptor("strict").minPollInterval()).isEqualTo(Duration.ofMillis(50));
            assertThat(mj.descriptor("strict").maxPollsPerTask()).isEqualTo(6000);
        }
        try (Mj mj = client(Map.of())) {
            assertThat(mj.descriptor("strict").minPollInterval()).as("a real vendor keeps its rules").isEqualTo(Duration.ofSeconds(5));
            assertThat(mj.descriptor("strict").maxPollsPerTask()).isEqualTo(60);
        }
    }

    @Test
    @DisplayName("PollOptions.scaled multiplies every delay, keeping interval and max interval at 10 ms or more")
    void scaledPollOptions() {
        PollOptions s = PollOptions.DEFAULT.scaled(0.01);
        assertThat(s.firstPoll()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.interval()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.maxInterval()).isEqualTo(Duration.ofMillis(600));
        assertThat(s.backoff()).isEqualTo(PollOptions.DEFAULT.backoff());
        PollOptions tiny = PollOptions.DEFAULT.scaled(0.0001);
        assertThat(tiny.interval()).isEqualTo(Duration.ofMillis(PollOptions.MIN_SCALED_MILLIS));
        assertThat(tiny.maxInterval()).isEqualTo(Duration.ofMillis(PollOptions.MIN_SCALED_MILLIS));
        assertThatThrownBy(() -> PollOptions.DEFAULT.scaled(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor");
    }
}
