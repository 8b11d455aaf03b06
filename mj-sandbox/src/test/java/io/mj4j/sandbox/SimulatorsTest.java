package io.mj4j.sandbox;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorsTest {
    @Test
    @DisplayName("the registry lists the five built-in simulators in a fixed order, and each id makes the simulator of that id")
    void registry() {
        assertThat(MjSandbox.vendors()).containsExactly("gptunnel", "acedata", "ohmygpt", "kolersky", "mjproxy");
        for (String id : MjSandbox.vendors()) {
            assertThat(Simulators.create(id).id()).as("simulator registered as " + id).isEqualTo(id);
        }
    }

    @Test
    @DisplayName("each call makes a new simulator (they keep per-sandbox state such as id sequences)")
    void freshInstances() {
        for (String id : MjSandbox.vendors()) {
            assertThat(Simulators.create(id)).isNotSameAs(Simulators.create(id));
        }
    }

    @Test
    @DisplayName("an unknown id fails naming it and listing every available id")
    void unknown() {
        assertThatThrownBy(() -> Simulators.create("midjourney"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No sandbox simulator for vendor 'midjourney'; available: [gptunnel, acedata, ohmygpt, kolersky, mjproxy]");
    }
}
