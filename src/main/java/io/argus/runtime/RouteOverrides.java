package io.argus.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * YAML route files ({@code routes/*.yaml} on the classpath, not its {@code examples/}, then {@code *.yaml} in argus.routes.dir)
 * over the Java routes: a route configuration or a route with the id of a built-in one replaces it,
 * any other is added. Camel itself refuses duplicate ids at start-up, so the route configurations go
 * in before the Java ones (the built-in route configurations leave out those already there) and the
 * routes replace theirs after, and the routes of route templates are added last. At run time Camel's own file watcher reloads changed files the same way.
 */
final class RouteOverrides extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(RouteOverrides.class);
    private static final String BUILT_IN = "routes/";

    private final Path directory;
    private final List<RoutesBuilder> builders = new ArrayList<>();

    RouteOverrides(Path directory) {
        this.directory = directory;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        try {
            // Camel's resolver also finds the files of sub-folders; routes/examples/ is to copy from, not to run.
            Collection<Resource> files = new ArrayList<>(PluginHelper.getPackageScanResourceResolver(context)
                    .findResources("classpath:" + BUILT_IN + "*.yaml").stream()
                    .filter(file -> !file.getLocation().substring(file.getLocation().indexOf(BUILT_IN) + BUILT_IN.length())
                            .contains("/"))
                    .toList());
            if (Files.isDirectory(directory)) {
                files.addAll(PluginHelper.getPackageScanResourceResolver(context)
                        .findResources("file:" + directory.toAbsolutePath() + "/*.yaml"));
            }
            for (Resource file : files) {
                LOG.info("Route overrides from {}", file.getLocation());
            }
            builders.addAll(PluginHelper.getRoutesLoader(context).findRoutesBuilders(files));
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteConfigurationsBuilder configurations) {
                    configurations.addRouteConfigurationsToCamelContext(context);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the YAML route overrides: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        ModelCamelContext model = (ModelCamelContext) main.getCamelContext();
        try {
            for (RoutesBuilder builder : builders) {
                List<RouteDefinition> routes = ((RouteBuilder) builder).configureRoutes(model).getRoutes();
                for (RouteDefinition route : routes) {
                    RouteDefinition builtIn = model.getRouteDefinition(route.getId());
                    if (builtIn != null) {
                        LOG.info("Route {} is replaced by {}", route.getId(), route.getLocation());
                        model.removeRouteDefinition(builtIn);
                    }
                }
                model.addRouteDefinitions(routes);
                // Routes from templates (a streaming aggregation, for one): the Java templates exist by now.
                builder.addTemplatedRoutesToCamelContext(model);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the YAML route overrides: " + e.getMessage(), e);
        }
    }
}
