package io.mj4j.sandbox.internal.parts;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptsTest {
    @Test
    @DisplayName("withAspectRatio replaces --ar or --aspect (any case) and keeps the other flags")
    void replaces() {
        assertThat(Prompts.withAspectRatio("a fox --ar 16:9 --v 7", "1:1")).isEqualTo("a fox --v 7 --ar 1:1");
        assertThat(Prompts.withAspectRatio("a fox --ASPECT 2:3", "3:2")).isEqualTo("a fox --ar 3:2");
        assertThat(Prompts.withAspectRatio("a fox --ar 16:9 --ar 2:1", "1:1")).isEqualTo("a fox --ar 1:1");
    }

    @Test
    @DisplayName("withAspectRatio adds the flag to a prompt without one, and makes one of nothing")
    void adds() {
        assertThat(Prompts.withAspectRatio("  a fox ", "4:3")).isEqualTo("a fox --ar 4:3");
        assertThat(Prompts.withAspectRatio(null, "1:1")).isEqualTo("--ar 1:1");
        assertThat(Prompts.withAspectRatio("--archive of foxes", "1:1")).as("--ar must be a whole flag")
                .isEqualTo("--archive of foxes --ar 1:1");
    }
}
