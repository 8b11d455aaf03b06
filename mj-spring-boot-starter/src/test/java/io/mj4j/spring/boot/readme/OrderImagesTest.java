package io.mj4j.spring.boot.readme;

import io.mj4j.core.Mj;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spring.boot.MjBuilderCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

// snippet: spring-test
@SpringBootTest
class OrderImagesTest {
    static final MjSandbox VENDOR = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.001).build());

    @DynamicPropertySource
    static void mj4j(DynamicPropertyRegistry registry) {
        registry.add("mj4j.providers.acedata.api-key", VENDOR::apiKey);
        registry.add("mj4j.providers.acedata.base-url", VENDOR::baseUri);
        registry.add("mj4j.store.type", () -> "in-memory");
    }

    @TestConfiguration
    static class SandboxPace {
        @Bean
        MjBuilderCustomizer sandboxTimeScale() {
            return builder -> builder.environment(VENDOR.environment()); // polls at the simulator's pace
        }
    }

    @Autowired
    Mj mj;

    @Test
    void imagines() {
        assertThat(mj.run(Action.Imagine.of("a red fox"), Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
}
// end snippet
