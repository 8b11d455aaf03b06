package io.mj4j.testkit;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.reference.RefVendorStubs;

/**
 * The kit run against whatever factory {@link #under} holds, for {@link KitCatchesBrokenProvidersTest}
 * (EngineTestKit runs it on the calling thread). Not a test of its own: its name matches no surefire pattern.
 */
class SwitchableKit extends ProviderConformanceKit {
    static volatile MjProviderFactory under;

    @Override
    protected MjProviderFactory factory() {
        return under;
    }

    @Override
    protected VendorStubs stubs() {
        return new RefVendorStubs();
    }
}
