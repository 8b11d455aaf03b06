package io.mj4j.testkit;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import io.mj4j.testkit.reference.RefVendorStubs;

/** The worked example: the reference provider, declaring every feature, passes the whole kit. */
class RefVendorConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new RefVendorProviderFactory.Full();
    }

    @Override
    protected VendorStubs stubs() {
        return new RefVendorStubs();
    }
}
