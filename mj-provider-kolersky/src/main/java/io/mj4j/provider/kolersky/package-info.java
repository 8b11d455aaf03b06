/**
 * The Kolersky provider ({@code api.kolersky.com}, id {@code kolersky}): translates mj4j actions to
 * Kolersky's {@code /v1/midjourney/*} JSON calls (separate fields such as {@code aspectRatio},
 * {@code version} and {@code speed} instead of prompt flags), polls {@code GET /v1/status}, cancels with
 * {@code DELETE /v1/midjourney/cancel}, and reads {@code GET /v1/usage} as the balance. Found through
 * {@link java.util.ServiceLoader} via {@link io.mj4j.provider.kolersky.KolerskyProviderFactory}; the
 * options it reads are listed there and in the module README.
 */
package io.mj4j.provider.kolersky;
