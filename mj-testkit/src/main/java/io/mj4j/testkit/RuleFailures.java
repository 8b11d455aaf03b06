package io.mj4j.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Makes a failed kit rule say what to fix. The failure message starts with the rule (its display name,
 * "R5.4 500 on submit may have created a task"), so the rule id shows in the console and the surefire
 * report whatever the reporter prints; it ends with WireMock's near-miss report, in full, for every
 * request no stub matched (the usual cause: the provider sent something the vendor would not accept, and
 * its own error message cut WireMock's 404 body short).
 */
final class RuleFailures implements TestExecutionExceptionHandler {

    /** A failure already explained (so it is not wrapped twice). */
    static final class RuleFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        RuleFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        ProviderConformanceKit kit = context.getTestInstances().flatMap(i -> i.findInstance(ProviderConformanceKit.class)).orElse(null);
        throw explain(context.getDisplayName(), failure, kit == null ? "" : kit.unmatchedReport());
    }

    /** {@code failure} as a {@link RuleFailure} naming {@code rule} and carrying {@code unmatchedReport}; skips pass through. */
    static Throwable explain(String rule, Throwable failure, String unmatchedReport) {
        if (failure instanceof TestAbortedException || failure instanceof RuleFailure) {
            return failure;
        }
        String what = failure instanceof AssertionError ? String.valueOf(failure.getMessage()).strip()
                : "the provider threw " + failure;
        return new RuleFailure(rule + ": " + what + unmatchedReport + "\n(rules: mj-testkit/CONFORMANCE.md)", failure);
    }
}
