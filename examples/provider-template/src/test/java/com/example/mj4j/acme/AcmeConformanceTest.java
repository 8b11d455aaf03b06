package com.example.mj4j.acme;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

/** Acme passes the mj4j conformance kit: every rule of mj-testkit/CONFORMANCE.md runs against AcmeStubs. */
class AcmeConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new AcmeProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new AcmeStubs();
    }
}
