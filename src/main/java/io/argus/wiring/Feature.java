package io.argus.wiring;

/**
 * One feature's wiring: its beans and routes, made from the {@link Platform}. Each feature package
 * has one; the runtime only calls them in order.
 */
@FunctionalInterface
public interface Feature {

    void wire(Platform platform);
}
