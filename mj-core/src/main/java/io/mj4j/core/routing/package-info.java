/**
 * Several providers at once: {@link io.mj4j.core.routing.RoutingPolicy} orders the providers a root action may
 * go to (ordered failover, weighted, cheapest first, health-aware; composable records), and
 * {@link io.mj4j.core.routing.PriceTable} gives each provider and action a normalized price.
 */
package io.mj4j.core.routing;
