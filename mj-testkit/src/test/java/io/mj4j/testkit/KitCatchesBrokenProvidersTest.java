package io.mj4j.testkit;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.reference.BrokenProviders;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The kit is itself tested: each deliberately broken provider fails exactly the rules it breaks. */
class KitCatchesBrokenProvidersTest {

    /** Display names (rule ids) of the failed tests when the kit runs against {@code kit}. */
    private static Set<String> failedRules(Class<?> kit) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
        assertThat(results.testEvents().started().count()).as("tests started").isGreaterThan(40);
        Set<String> failed = new TreeSet<>();
        results.testEvents().failed().stream().map(Event::getTestDescriptor)
                .forEach(d -> failed.add(d.getDisplayName().split(" ")[0]));
        return failed;
    }

    @Test
    @DisplayName("the reference provider passes every rule")
    void referencePasses() {
        assertThat(failedRules(ReferenceKit.class)).isEmpty();
    }

    @Test
    @DisplayName("a provider that retries a submit on its own fails R6.1 (and only fault rules)")
    void retrying() {
        assertThat(failedRules(RetryingKit.class)).contains("R6.1").allMatch(r -> r.startsWith("R6."));
    }

    @Test
    @DisplayName("a provider that maps 429 to an auth error fails R5.3 alone")
    void rateLimitAsAuth() {
        assertThat(failedRules(RateLimitAsAuthKit.class)).containsExactly("R5.3");
    }

    @Test
    @DisplayName("a provider that ignores its capabilities fails R7.1 alone")
    void ignoresCapabilities() {
        assertThat(failedRules(IgnoresCapabilitiesKit.class)).containsExactly("R7.1");
    }

    @Test
    @DisplayName("a provider that leaks the API key into exception messages fails R9.1 (and the error rules that check it)")
    void leaksKey() {
        assertThat(failedRules(LeaksKeyKit.class)).contains("R9.1").allMatch(r -> r.startsWith("R9.") || r.startsWith("R5."));
    }

    abstract static class Base extends ProviderConformanceKit {
        @Override
        protected VendorStubs stubs() {
            return new RefVendorStubs();
        }
    }

    static class ReferenceKit extends Base {
        @Override
        protected MjProviderFactory factory() {
            return new RefVendorProviderFactory();
        }
    }

    static class RetryingKit extends Base {
        @Override
        protected MjProviderFactory factory() {
            return new BrokenProviders.Retrying();
        }
    }

    static class RateLimitAsAuthKit extends Base {
        @Override
        protected MjProviderFactory factory() {
            return new BrokenProviders.RateLimitAsAuth();
        }
    }

    static class IgnoresCapabilitiesKit extends Base {
        @Override
        protected MjProviderFactory factory() {
            return new BrokenProviders.IgnoresCapabilities();
        }
    }

    static class LeaksKeyKit extends Base {
        @Override
        protected MjProviderFactory factory() {
            return new BrokenProviders.LeaksKey();
        }
    }
}
