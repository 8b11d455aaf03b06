package io.mj4j.spring.boot.readme;

import io.mj4j.spi.ActionKind;
import io.mj4j.spring.boot.Mj4jProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** README's application.yml binds to {@link Mj4jProperties} with no key left over (a misspelt key would be). */
class ReadmeApplicationYmlTest {

    static String readmeYaml() throws Exception {
        String md = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- snippet: application-yml[^>]*-->\\n```yaml\\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE).matcher(md);
        assertThat(m.find()).as("README has the application-yml snippet").isTrue();
        return m.group(1);
    }

    static Mj4jProperties bind(String yaml) throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("readme", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        return binder.bind("mj4j", Bindable.of(Mj4jProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
    }

    @Test
    @DisplayName("every mj4j key of README's application.yml binds, with the values it shows")
    void binds() throws Exception {
        Mj4jProperties p = bind(readmeYaml());
        assertThat(p.getProviders()).containsOnlyKeys("acedata", "kolersky");
        assertThat(p.getProviders().get("acedata").getOptions()).containsEntry("mode", "fast");
        assertThat(p.getProviders().get("acedata").getMaxConcurrent()).isEqualTo(5);
        assertThat(p.getProviders().get("kolersky").getPoll().getInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.getRouting().getPolicy()).isEqualTo(Mj4jProperties.Policy.CHEAPEST_FIRST);
        assertThat(p.getPrices().getPerTask()).containsEntry("kolersky", new BigDecimal("0.05"));
        assertThat(p.getBudget()).isEqualByComparingTo("25");
        assertThat(p.getDeadlines()).containsEntry(ActionKind.ANIMATE, Duration.ofMinutes(15));
        assertThat(p.getStore().getType()).isEqualTo(Mj4jProperties.StoreType.AUTO);
        assertThat(p.getCallbacks().getPublicBase()).hasHost("app.example.com");
        assertThat(p.getHealth().getCooldown()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("a misspelt key fails the binding (so the check above can fail)")
    void misspeltKeyFails() throws Exception {
        String broken = readmeYaml().replace("max-queued: 50", "max-queue: 50");
        assertThat(catchThrowable(() -> bind(broken))).isInstanceOf(BindException.class);
    }
}
