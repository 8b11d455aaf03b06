/**
 * The AceData Cloud ({@code api.acedata.cloud}) provider of mj4j: {@link io.mj4j.provider.acedata.AceDataProviderFactory}
 * is found with {@link java.util.ServiceLoader} under the id {@code "acedata"} and creates a stateless translator
 * from mj4j actions to AceData's Midjourney endpoints ({@code /midjourney/imagine}, {@code /videos},
 * {@code /describe}, {@code /shorten}, {@code /seed}) and from its task objects ({@code /midjourney/tasks}) and
 * callbacks back to {@link io.mj4j.spi.TaskSnapshot}s. Vendor options are listed in
 * {@link io.mj4j.provider.acedata.internal.AceDataOptions}; the vendor facts behind every choice are in
 * {@code shared/vendors/acedata.md}, cited by section in the code.
 */
package io.mj4j.provider.acedata;
