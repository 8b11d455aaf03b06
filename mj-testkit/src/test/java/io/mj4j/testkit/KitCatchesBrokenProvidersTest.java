package io.mj4j.testkit;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.reference.BrokenProviders;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The kit is itself tested: the reference provider passes every rule without a skip, and each deliberately
 * broken variant of it (one behaviour broken, see {@link BrokenProviders}) fails exactly the rule that
 * behaviour is about, and no other.
 */
class KitCatchesBrokenProvidersTest {

    private static EngineExecutionResults run(MjProviderFactory factory) {
        SwitchableKit.under = factory;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(SwitchableKit.class)).execute();
        } finally {
            SwitchableKit.under = null;
        }
    }

    /** The rule ids (first word of the display name) of the failed tests. */
    private static Set<String> failedRules(EngineExecutionResults results) {
        Set<String> failed = new TreeSet<>();
        results.testEvents().failed().stream().map(Event::getTestDescriptor)
                .forEach(d -> failed.add(d.getDisplayName().split(" ")[0]));
        return failed;
    }

    private static String failureMessage(EngineExecutionResults results, String rule) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(rule + " "))
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .findFirst().orElseThrow();
    }

    @Test
    @DisplayName("the reference provider declaring every feature passes every rule, with no rule skipped")
    void referencePasses() {
        EngineExecutionResults results = run(new RefVendorProviderFactory.Full());
        assertThat(failedRules(results)).isEmpty();
        assertThat(results.testEvents().skipped().count()).as("skipped").isZero();
        assertThat(results.testEvents().aborted().count()).as("aborted").isZero();
        assertThat(results.testEvents().succeeded().count()).as("tests passed").isGreaterThan(80);
    }

    static Stream<Arguments> brokenProviders() {
        return Stream.of(
                Arguments.of(new BrokenProviders.UnauthorizedRetryable(), "R5.1"),
                Arguments.of(new BrokenProviders.BalanceAsInvalid(), "R5.2"),
                Arguments.of(new BrokenProviders.RateLimitAsAuth(), "R5.3"),
                Arguments.of(new BrokenProviders.ServerErrorNotCreated(), "R5.4"),
                Arguments.of(new BrokenProviders.InvalidAsUnavailable(), "R5.5"),
                Arguments.of(new BrokenProviders.RejectedAsInvalid(), "R5.6"),
                Arguments.of(new BrokenProviders.GatewayNotCreated(), "R5.7"),
                Arguments.of(new BrokenProviders.UnavailableMayHaveCreated(), "R5.8"),
                Arguments.of(new BrokenProviders.UnreadableOkNotCreated(), "R5.9"),
                Arguments.of(new BrokenProviders.IgnoresErrorInOkBody(), "R5.10"),
                Arguments.of(new BrokenProviders.ForbiddenAsRejection(), "R5.11"),
                Arguments.of(new BrokenProviders.DropsRetryAfter(), "R5.12"),
                Arguments.of(new BrokenProviders.AfterSentAsNotSent(), "R6.1"),
                Arguments.of(new BrokenProviders.RefusedAsMaybeSent(), "R6.2"),
                Arguments.of(new BrokenProviders.FetchFailureFinal(), "R6.3"),
                Arguments.of(new BrokenProviders.Retrying(), "R6.4"),
                Arguments.of(new BrokenProviders.RetriesAfterRateLimit(), "R6.4"),
                Arguments.of(new BrokenProviders.RetryingFetch(), "R6.5"),
                Arguments.of(new BrokenProviders.ReadsOneNesting(), "R3.2"),
                Arguments.of(new BrokenProviders.IgnoresCapabilities(), "R7.1"),
                Arguments.of(new BrokenProviders.BatchOneByOne(), "R7.4"),
                Arguments.of(new BrokenProviders.WrongCancel(), "R7.5"),
                Arguments.of(new BrokenProviders.BalanceTruncated(), "R7.6"),
                Arguments.of(new BrokenProviders.LookupNotFoundThrows(), "R7.7"),
                Arguments.of(new BrokenProviders.LeaksKey(), "R9.1"));
    }

    @ParameterizedTest(name = "{0} fails exactly {1}")
    @MethodSource("brokenProviders")
    @DisplayName("each broken provider fails exactly the rule it breaks")
    void brokenFailsExactlyItsRule(MjProviderFactory broken, String rule) {
        EngineExecutionResults results = run(broken);
        assertThat(failedRules(results)).as("rules failed by " + broken.id()).containsExactly(rule);
        assertThat(failureMessage(results, rule)).as("the failure message names the rule").startsWith(rule + " ");
    }

    @Test
    @DisplayName("a failure carries WireMock's near-miss report in full, not cut at 300 characters")
    void nearMissReportInFull() {
        String message = failureMessage(run(new BrokenProviders.WrongCancel()), "R7.5");
        assertThat(message).startsWith("R7.5 a declared cancel sends the vendor's cancel request")
                .contains("status after cancel")
                .contains("no stub matched").contains("GET /v1/tasks/task-c1")
                .contains("Request was not matched").contains("/v1/tasks/task-c1/cancel");
        String report = message.substring(message.indexOf("near-miss report:"));
        assertThat(report.length()).as("report length").isGreaterThan(300);
    }

    @Test
    @DisplayName("the broken providers cover every submit-outcome, one-request, Retry-After, feature and variant rule")
    void everyMoneyRuleHasABrokenProvider() {
        List<String> covered = brokenProviders().map(a -> (String) a.get()[1]).toList();
        assertThat(covered).contains("R5.1", "R5.2", "R5.3", "R5.4", "R5.5", "R5.6", "R5.7", "R5.8", "R5.9", "R5.10", "R5.11",
                "R5.12", "R6.1", "R6.2", "R6.3", "R6.4", "R6.5", "R7.4", "R7.5", "R7.6", "R7.7", "R3.2");
        assertThat(covered).hasSizeGreaterThanOrEqualTo(12);
    }
}
